package io.socketgrid.protocol;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The handshake state machine of one connection: {@code #handshake} (an invoke) must come first; after it
 * every frame is dispatched.
 *
 * <p>{@link #admit} is driven by the one thread that delivers this connection's inbound messages (the
 * WebSocket container never delivers two messages of one session at once); {@link #close} and
 * {@link #state} may be called from any thread, and a close always wins over a concurrent handshake.
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

    private final AtomicReference<State> state = new AtomicReference<>(State.AWAITING_HANDSHAKE);

    public State state() {
        return state.get();
    }

    public Admission admit(InboundFrame frame) {
        switch (state.get()) {
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
                return closeWith(Admission.CLOSE_HANDSHAKE_REJECTED);
            }
            return state.compareAndSet(State.AWAITING_HANDSHAKE, State.OPEN) ? Admission.ACCEPT_HANDSHAKE : Admission.IGNORE;
        }
        return closeWith(Admission.CLOSE_MESSAGE_BEFORE_HANDSHAKE);
    }

    /** Admits a binary message: only an open connection's is dispatched; before the handshake it closes. */
    public Admission admitBinary() {
        return switch (state.get()) {
            case OPEN -> Admission.DISPATCH;
            case CLOSED -> Admission.IGNORE;
            case AWAITING_HANDSHAKE -> closeWith(Admission.CLOSE_MESSAGE_BEFORE_HANDSHAKE);
        };
    }

    /** The connection is closing for any reason; later frames are ignored. */
    public void close() {
        state.set(State.CLOSED);
    }

    private Admission closeWith(Admission admission) {
        // a close from another thread may have come first: then there is nothing left to close
        return state.getAndSet(State.CLOSED) == State.CLOSED ? Admission.IGNORE : admission;
    }
}
