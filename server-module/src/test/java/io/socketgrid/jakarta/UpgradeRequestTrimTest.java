package io.socketgrid.jakarta;

import io.socketgrid.jakarta.UpgradeRequestTrim.Part;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against classes shaped like Tyrus 2.1 and Grizzly 4 inside Payara (field names as there); Arquillian checks the real ones. */
class UpgradeRequestTrimTest {

    static class HeaderField {
        String name = "Upgrade";
    }

    /** Like Grizzly's MimeHeaders: recycle() empties the list and keeps the field objects. */
    static class MimeHeaders {
        private HeaderField[] headers = {new HeaderField(), new HeaderField(), new HeaderField(), null, null, null, null, null};
        private int count = 3;
        boolean keepCountOnRecycle;

        public void recycle() {
            if (!keepCountOnRecycle) {
                count = 0;
            }
        }
    }

    static class CharChunk {
        private char[] buff = new char[1024];
    }

    static class Parameters {
        final CharChunk tmpNameC = new CharChunk();
        final CharChunk tmpValueC = new CharChunk();
    }

    static class HttpHeader {
        protected final MimeHeaders headers = new MimeHeaders();
    }

    static class ResponsePacket extends HttpHeader {
    }

    static class RequestPacket extends HttpHeader {
        private final ResponsePacket response = new ResponsePacket();
    }

    static class GrizzlyRequest {
        protected RequestPacket request = new RequestPacket();
        protected final Parameters parameters = new Parameters();
    }

    static class CatalinaRequest {
        protected GrizzlyRequest coyoteRequest = new GrizzlyRequest();
    }

    static class WebConnectionImpl {
        private CatalinaRequest request = new CatalinaRequest();
    }

    static class UpgradeHandler {
        private Object upgradeInfo = new Object();
        private WebConnectionImpl wc = new WebConnectionImpl();
    }

    /** Tyrus's servlet upgrade gives the writer a proxy that delegates to the handler the container initialised. */
    static class UpgradeHandlerProxy extends UpgradeHandler {
        private final UpgradeHandler handler;

        UpgradeHandlerProxy(UpgradeHandler handler) {
            this.handler = handler;
        }
    }

    record Writer(UpgradeHandler tyrusHttpUpgradeHandler) {
    }

    record ProtocolHandler(Writer writer) {
    }

    record WebSocket(ProtocolHandler protocolHandler) {
    }

    record Remote(WebSocket webSocket) {
    }

    record Session(Remote basicRemote) {
    }

    private static Session sessionOf(UpgradeHandler writersHandler) {
        return new Session(new Remote(new WebSocket(new ProtocolHandler(new Writer(writersHandler)))));
    }

    @Test
    void releasesEveryPartOfAPayaraShapedUpgrade() {
        UpgradeHandler handler = new UpgradeHandler();
        UpgradeRequestTrim trim = new UpgradeRequestTrim();

        assertEquals(EnumSet.allOf(Part.class), trim.release(sessionOf(new UpgradeHandlerProxy(handler))));

        assertNull(handler.upgradeInfo);
        GrizzlyRequest request = handler.wc.request.coyoteRequest;
        for (MimeHeaders headers : new MimeHeaders[] {request.request.headers, request.request.response.headers}) {
            assertEquals(0, headers.count);
            assertArrayEquals(new HeaderField[UpgradeRequestTrim.HEADER_SLOTS], headers.headers,
                    "a fresh array: the old field objects are no longer reachable");
        }
        assertNull(request.parameters.tmpNameC.buff);
        assertNull(request.parameters.tmpValueC.buff);
        assertEquals(new UpgradeRequestTrim.Report(1, Set.of("PARAMETER_BUFFERS", "REQUEST_HEADERS", "RESPONSE_HEADERS",
                "TYRUS_HANDSHAKE"), ""), trim.report());
    }

    @Test
    void aHandlerWithoutProxyIsReleasedToo() {
        UpgradeHandler handler = new UpgradeHandler();
        assertEquals(EnumSet.allOf(Part.class), new UpgradeRequestTrim().release(sessionOf(handler)));
        assertNull(handler.upgradeInfo);
    }

    @Test
    void changesNothingWhereTheShapeIsNotTyrusOverGrizzly() {
        UpgradeRequestTrim trim = new UpgradeRequestTrim();
        assertTrue(trim.release(new Object()).isEmpty());
        assertTrue(trim.release(null).isEmpty());
        assertTrue(trim.release(new Session(null)).isEmpty());
        assertEquals(new UpgradeRequestTrim.Report(0, Set.of(), ""), trim.report());
    }

    @Test
    void keepsHeadersThatTheirOwnRecycleDidNotEmpty() {
        UpgradeHandler handler = new UpgradeHandler();
        MimeHeaders headers = handler.wc.request.coyoteRequest.request.headers;
        headers.keepCountOnRecycle = true;
        HeaderField[] before = headers.headers;

        Set<Part> released = new UpgradeRequestTrim().release(sessionOf(handler));

        assertEquals(EnumSet.of(Part.TYRUS_HANDSHAKE, Part.RESPONSE_HEADERS, Part.PARAMETER_BUFFERS), released);
        assertSame(before, headers.headers);
        assertEquals(3, headers.count);
    }

    @Test
    void aSecondReleaseOfTheSameSocketFindsNothingLeftOfTheHandshake() {
        UpgradeHandler handler = new UpgradeHandler();
        UpgradeRequestTrim trim = new UpgradeRequestTrim();
        trim.release(sessionOf(handler));

        Set<Part> again = trim.release(sessionOf(handler));

        assertTrue(!again.contains(Part.TYRUS_HANDSHAKE), again::toString);
        assertNotNull(handler.wc, "the handler keeps its connection: only the handshake record goes");
    }
}
