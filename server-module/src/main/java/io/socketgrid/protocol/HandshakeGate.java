package io.socketgrid.protocol;

/**
 * The handshake state machine of one connection: {@code #handshake} (an invoke) must come first; after it
 * every frame is dispatched.
 *
 * <p>Not thread-safe: driven by the one thread that delivers this connection's inbound messages (the
 * WebSocket container never delivers two messages of one session at once).
 */
public final class HandshakeGate {

    public enum State { AWAITING_HANDSHAKE, OPEN, CLOSED }

    /** What to do with a frame. */
    public enum Admission {
        /** The handshake: answer with the status; the connection is now open. */
        ACCEPT_HANDSHAKE(0),
        /** An open connection's frame: hand it to the router. */
        DISPATCH(0),
        /** A heartbeat answer before the handshake, or anything after close: drop it. */
        IGNORE(0),
        /** {@code #handshake} without a cid. */
        CLOSE_HANDSHAKE_REJECTED(CloseCodes.HANDSHAKE_REJECTED),
        /** Something other than the handshake came first. */
        CLOSE_MESSAGE_BEFORE_HANDSHAKE(CloseCodes.MESSAGE_BEFORE_HANDSHAKE);

        private final int closeCode;

        Admission(int closeCode) {
            this.closeCode = closeCode;
        }

        /** The close code to send, or 0 when the admission does not close the connection. */
        public int closeCode() {
            return closeCode;
        }
    }

    // written by the inbound thread, read by the heartbeat sweep
    private volatile State state = State.AWAITING_HANDSHAKE;

    public State state() {
        return state;
    }

    public Admission admit(InboundFrame frame) {
        switch (state) {
            case OPEN:
                return Admission.DISPATCH;
            case CLOSED:
                return Admission.IGNORE;
            default:
                break;
        }
        if (frame instanceof InboundFrame.Heartbeat) {
            return Admission.IGNORE;
        }
        if (frame instanceof InboundFrame.Event e && ReservedEvents.HANDSHAKE.equals(e.event())) {
            if (!e.isInvoke()) {
                state = State.CLOSED;
                return Admission.CLOSE_HANDSHAKE_REJECTED;
            }
            state = State.OPEN;
            return Admission.ACCEPT_HANDSHAKE;
        }
        state = State.CLOSED;
        return Admission.CLOSE_MESSAGE_BEFORE_HANDSHAKE;
    }

    /** The connection is closing for any reason; later frames are ignored. */
    public void close() {
        state = State.CLOSED;
    }
}
