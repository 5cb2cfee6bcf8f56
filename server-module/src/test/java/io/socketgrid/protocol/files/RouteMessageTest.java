package io.socketgrid.protocol.files;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouteMessageTest {

    @Test
    void roundTrips() {
        RouteMessage text = RouteMessage.text(RouteMessage.Kind.TO_CLIENT_TEXT, "node1", "node2.abc", "{\"é\":1}");
        RouteMessage back = RouteMessage.decode(text.encode());
        assertEquals(RouteMessage.Kind.TO_CLIENT_TEXT, back.kind());
        assertEquals("node1", back.node());
        assertEquals("node2.abc", back.socket());
        assertEquals("{\"é\":1}", back.text());
        RouteMessage gone = RouteMessage.decode(new RouteMessage(RouteMessage.Kind.CLIENT_GONE, "a", "a.b", ByteBuffer.allocate(0)).encode());
        assertEquals(0, gone.payload().remaining());
        ByteBuffer chunk = new ChunkFrame("a.t", 5, ByteBuffer.wrap(new byte[]{1, 2, 3})).encode();
        RouteMessage carried = RouteMessage.decode(new RouteMessage(RouteMessage.Kind.CLIENT_CHUNK, "a", "a.b", chunk.duplicate()).encode());
        assertEquals(chunk, carried.payload());
    }

    @Test
    void idsMustBeIds() {
        assertThrows(IllegalArgumentException.class,
                () -> RouteMessage.text(RouteMessage.Kind.CLIENT_EVENT, "a b", "x", "").encode());
    }
}
