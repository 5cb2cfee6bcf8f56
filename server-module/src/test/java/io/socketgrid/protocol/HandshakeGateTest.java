package io.socketgrid.protocol;

import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static io.socketgrid.protocol.HandshakeGate.Admission.ACCEPT_HANDSHAKE;
import static io.socketgrid.protocol.HandshakeGate.Admission.CLOSE_HANDSHAKE_REJECTED;
import static io.socketgrid.protocol.HandshakeGate.Admission.CLOSE_MESSAGE_BEFORE_HANDSHAKE;
import static io.socketgrid.protocol.HandshakeGate.Admission.DISPATCH;
import static io.socketgrid.protocol.HandshakeGate.Admission.IGNORE;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HandshakeGateTest {

    private final HandshakeGate gate = new HandshakeGate();

    private static InboundFrame event(String name, long cid) {
        return new InboundFrame.Event(name, JsonValue.EMPTY_JSON_OBJECT, cid);
    }

    @Test
    void handshakeInvokeOpensThenEverythingIsDispatched() {
        assertEquals(HandshakeGate.State.AWAITING_HANDSHAKE, gate.state());
        assertEquals(ACCEPT_HANDSHAKE, gate.admit(event("#handshake", 1)));
        assertEquals(HandshakeGate.State.OPEN, gate.state());
        assertEquals(DISPATCH, gate.admit(event("ping", InboundFrame.NO_CID)));
        assertEquals(DISPATCH, gate.admit(event("#handshake", 2)));
        assertEquals(DISPATCH, gate.admit(new InboundFrame.Heartbeat()));
    }

    @Test
    void handshakeWithoutCidIsRejectedWith4008() {
        HandshakeGate.Admission admission = gate.admit(event("#handshake", InboundFrame.NO_CID));
        assertEquals(CLOSE_HANDSHAKE_REJECTED, admission);
        assertEquals(4008, admission.closeCode());
        assertEquals(HandshakeGate.State.CLOSED, gate.state());
    }

    @Test
    void anythingElseFirstCloses4009() {
        HandshakeGate.Admission admission = gate.admit(event("ping", 1));
        assertEquals(CLOSE_MESSAGE_BEFORE_HANDSHAKE, admission);
        assertEquals(4009, admission.closeCode());
        HandshakeGate invalidFirst = new HandshakeGate();
        assertEquals(CLOSE_MESSAGE_BEFORE_HANDSHAKE,
                invalidFirst.admit(new InboundFrame.Invalid(InvalidFrameKind.MALFORMED_JSON, "x", InboundFrame.NO_CID)));
    }

    @Test
    void heartbeatBeforeHandshakeIsIgnored() {
        assertEquals(IGNORE, gate.admit(new InboundFrame.Heartbeat()));
        assertEquals(ACCEPT_HANDSHAKE, gate.admit(event("#handshake", 1)));
    }

    @Test
    void afterCloseEverythingIsIgnored() {
        gate.admit(event("#handshake", 1));
        gate.close();
        assertEquals(IGNORE, gate.admit(event("ping", InboundFrame.NO_CID)));
    }
}
