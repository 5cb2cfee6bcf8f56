package io.socketgrid.jakarta;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against classes shaped like Tyrus 2.1.5's (field, method and inner-class shapes as there); ProtocolIT checks the
 * real ones in Payara Micro.
 */
class TyrusFrameWriterTest {

    public enum MessageType { TEXT, BINARY }

    public enum RemoteEndpointType { ASYNC, BASIC }

    /** Like Tyrus's WriterInfo: what a write is, passed along with it. */
    public static class WriterInfo {
        final MessageType messageType;
        final RemoteEndpointType endpointType;

        public WriterInfo(MessageType messageType, RemoteEndpointType endpointType) {
            this.messageType = messageType;
            this.endpointType = endpointType;
        }
    }

    /** Like Tyrus's CompletionHandler. */
    abstract static class CompletionHandler {
        abstract void completed(Object result);
    }

    /** Like Tyrus's ProtocolHandler: a send lock, the fragment check, the raw send and a SendHandler-reporting completion. */
    static class ProtocolHandler {
        private final ReentrantLock lock = new ReentrantLock();
        final List<byte[]> written = new ArrayList<>();
        WriterInfo lastInfo;
        boolean sendingFragment;
        boolean lockHeldWhileSending;

        private void checkSendingFragment() {
            if (sendingFragment) {
                throw new IllegalStateException("a fragmented message is being sent");
            }
        }

        private void send(ByteBuffer frame, CompletionHandler done, WriterInfo info, Boolean isLast) {
            lockHeldWhileSending = lock.isHeldByCurrentThread();
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            written.add(bytes);
            lastInfo = info;
            done.completed(frame);
        }

        /** Compiled as ProtocolHandler$1 with a (ProtocolHandler, SendHandler) constructor, as Tyrus's is. */
        CompletionHandler reportingTo(SendHandler handler) {
            return new CompletionHandler() {
                @Override
                void completed(Object result) {
                    handler.onResult(new SendResult());
                }
            };
        }
    }

    /** A protocol handler without the raw send: another server or another Tyrus. */
    static class ProtocolHandlerWithoutSend {
        private final ReentrantLock lock = new ReentrantLock();

        private void checkSendingFragment() {
        }
    }

    static class WebSocket {
        private final Object protocolHandler;
        boolean connected = true;

        WebSocket(Object protocolHandler) {
            this.protocolHandler = protocolHandler;
        }

        public boolean isConnected() {
            return connected;
        }
    }

    /** The same shape as WebSocket, another class: what a second Tyrus on the node would look like. */
    static class OtherWebSocket {
        private final ProtocolHandler protocolHandler = new ProtocolHandler();

        public boolean isConnected() {
            return true;
        }
    }

    static class BasicRemote {
        private final Object webSocket;

        BasicRemote(Object webSocket) {
            this.webSocket = webSocket;
        }
    }

    static class Session {
        private final BasicRemote basicRemote;

        Session(Object webSocket) {
            this.basicRemote = new BasicRemote(webSocket);
        }
    }

    /** Remembers what a send reported. */
    static final class Outcome implements SendHandler {
        final List<SendResult> results = new ArrayList<>();

        @Override
        public void onResult(SendResult result) {
            results.add(result);
        }
    }

    private static final byte[] FRAME = {(byte) 0x81, 2, 'h', 'i'};

    @Test
    void writesTheFrameAsItIsUnderTheSocketsLockAndReportsToTheSendHandler() {
        ProtocolHandler handler = new ProtocolHandler();
        TyrusFrameWriter writer = new TyrusFrameWriter();
        TyrusFrameWriter.Bound bound = writer.bind(new Session(new WebSocket(handler)));
        assertNotNull(bound);
        Outcome outcome = new Outcome();

        assertTrue(bound.write(FRAME, outcome));

        assertEquals(1, handler.written.size());
        assertArrayEquals(FRAME, handler.written.get(0));
        assertTrue(handler.lockHeldWhileSending, "written under the socket's send lock");
        assertFalse(handler.lock.isLocked(), "the lock is released");
        assertSame(MessageType.TEXT, handler.lastInfo.messageType);
        assertSame(RemoteEndpointType.ASYNC, handler.lastInfo.endpointType);
        assertEquals(1, outcome.results.size());
        assertTrue(outcome.results.get(0).isOK());
        assertEquals(new TyrusFrameWriter.Report(true, 1, ""), writer.report());
    }

    @Test
    void aSocketNoLongerConnectedThrowsAndWritesNothing() {
        ProtocolHandler handler = new ProtocolHandler();
        WebSocket webSocket = new WebSocket(handler);
        TyrusFrameWriter writer = new TyrusFrameWriter();
        TyrusFrameWriter.Bound bound = writer.bind(new Session(webSocket));
        webSocket.connected = false;
        Outcome outcome = new Outcome();

        assertThrows(IllegalStateException.class, () -> bound.write(FRAME, outcome));

        assertTrue(handler.written.isEmpty());
        assertTrue(outcome.results.isEmpty());
        assertEquals(0, writer.report().framesWritten());
        assertTrue(writer.report().active(), "a closed socket is that send's failure, not the writer's");
    }

    @Test
    void tyrusRefusingTheWriteThrowsItsOwnExceptionAndReleasesTheLock() {
        ProtocolHandler handler = new ProtocolHandler();
        handler.sendingFragment = true;
        TyrusFrameWriter writer = new TyrusFrameWriter();
        TyrusFrameWriter.Bound bound = writer.bind(new Session(new WebSocket(handler)));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> bound.write(FRAME, new Outcome()));

        assertEquals("a fragmented message is being sent", refused.getMessage());
        assertFalse(handler.lock.isLocked());
        assertTrue(handler.written.isEmpty());
        assertTrue(writer.report().active());
    }

    @Test
    void aContainerWithoutTheRawSendIsNotBoundAndSaysWhy() {
        TyrusFrameWriter writer = new TyrusFrameWriter();

        assertNull(writer.bind(new Session(new WebSocket(new ProtocolHandlerWithoutSend()))));
        assertNull(writer.bind(new Session(new WebSocket(new ProtocolHandlerWithoutSend()))));

        TyrusFrameWriter.Report report = writer.report();
        assertFalse(report.active());
        assertTrue(report.problem().contains("send(ByteBuffer"), report.problem());
    }

    @Test
    void aReflectiveFailureAtSendTimeSwitchesTheNodeBackToTheStandardApi() {
        ProtocolHandler first = new ProtocolHandler();
        TyrusFrameWriter writer = new TyrusFrameWriter();
        TyrusFrameWriter.Bound firstBound = writer.bind(new Session(new WebSocket(first)));
        OtherWebSocket other = new OtherWebSocket();
        TyrusFrameWriter.Bound otherBound = writer.bind(new Session(other)); // handles found in WebSocket's classes
        assertNotNull(otherBound);
        Outcome outcome = new Outcome();

        assertFalse(otherBound.write(FRAME, outcome), "nothing written: the caller sends the text itself");

        assertTrue(other.protocolHandler.written.isEmpty());
        assertTrue(outcome.results.isEmpty(), "the handler is left to the caller's own send");
        TyrusFrameWriter.Report report = writer.report();
        assertFalse(report.active());
        assertFalse(report.problem().isEmpty());
        assertFalse(firstBound.write(FRAME, new Outcome()), "off for every socket of the node");
        assertTrue(first.written.isEmpty());
        assertNull(writer.bind(new Session(new WebSocket(new ProtocolHandler()))));
    }
}
