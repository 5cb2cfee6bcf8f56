package io.socketgrid.load.dialect;

import io.socketgrid.client.transport.Wire;
import io.socketgrid.client.transport.WireListener;
import jakarta.json.JsonValue;

import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * One load connection speaking a {@link Dialect}: opens its session, answers heartbeats, makes calls and
 * matches their answers, and reports to {@link SessionEvents}. It is the {@link WireListener} of its WebSocket;
 * the methods a workload calls ({@link #invoke}, {@link #subscribe}, {@link #publish}, …) may be called from
 * any thread.
 *
 * <p>Nothing reconnects: a load run counts a connection that ended as dropped. Calls still unanswered when the
 * session ends are counted in {@link #unanswered()}, never reported one by one.
 */
public abstract class Session implements WireListener {

    private static final int MAX_OUTSTANDING = 1024;

    private final int index;
    protected final SessionEvents events;
    private final LongSupplier clock;
    private final Outstanding outstanding = new Outstanding(MAX_OUTSTANDING);

    private volatile Wire wire;
    private volatile boolean ready;
    private boolean everReady;
    private boolean ended;
    private long nextCallId;
    private int unansweredAtEnd;
    /** The workload's own state for this connection. */
    public Object attachment;

    protected Session(int index, SessionEvents events, LongSupplier clock, long firstCallId) {
        this.index = index;
        this.events = events;
        this.clock = clock;
        this.nextCallId = firstCallId;
    }

    /** The connection's number in the run, from 0. */
    public int index() {
        return index;
    }

    /** True once the session opened (and until it ends). */
    public boolean isReady() {
        return ready;
    }

    /** True when the session opened at some point: an end before that is a failure, after it a drop. */
    public synchronized boolean wasReady() {
        return everReady;
    }

    /** Calls that awaited an answer when the session ended, plus those given up while it ran. */
    public synchronized long unanswered() {
        return unansweredAtEnd + outstanding.evicted();
    }

    /** Calls awaiting an answer now. */
    public synchronized int awaiting() {
        return outstanding.size();
    }

    // ---- what a workload does

    /** Calls {@code event} with {@code data} and an answer expected; false when the session is not open. */
    public boolean invoke(String event, JsonValue data, Answer answer) {
        String frame;
        synchronized (this) {
            if (!ready) {
                return false;
            }
            long id = nextCallId++;
            frame = encodeCall(event, data, id);
            outstanding.add(id, clock.getAsLong(), answer);
        }
        return send(frame);
    }

    /** Sends {@code event} with {@code data}, no answer expected; false when the session is not open. */
    public boolean transmit(String event, JsonValue data) {
        return ready && send(encodeTransmit(event, data));
    }

    /** Subscribes to {@code channel}; {@code answer} hears when the server confirmed it. */
    public abstract boolean subscribe(String channel, Answer answer);

    /** Publishes {@code data} to {@code channel}; {@code answer} hears when the server took it. */
    public abstract boolean publish(String channel, JsonValue data, Answer answer);

    /** Sends one binary message (file chunks); false when the session is not open. */
    public boolean sendBinary(ByteBuffer message) {
        Wire target = wire;
        return ready && target != null && target.sendBinary(message);
    }

    /** Starts the closing handshake (1000); {@link SessionEvents#ended} follows. */
    public void close() {
        Wire target = wire;
        if (target != null) {
            target.close(1000, "load run over");
        }
    }

    // ---- what a dialect implements

    /** The frame of a call with id {@code id}. */
    protected abstract String encodeCall(String event, JsonValue data, long id);

    /** The frame of a transmit. */
    protected abstract String encodeTransmit(String event, JsonValue data);

    /** The WebSocket opened: start the session (send the first frame, or wait for the server's). */
    protected abstract void start();

    /** One text message from the server. */
    protected abstract void received(String message);

    // ---- for dialects

    protected final boolean send(String frame) {
        Wire target = wire;
        return target != null && target.sendText(frame);
    }

    /** The session is open: from now on calls may be made. */
    protected final void open() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ready = true;
            everReady = true;
        }
        events.ready(this);
    }

    /** The server refused the session: it is closed with {@code code}, and ends with {@code reason}. */
    protected final void refuse(int code, String reason) {
        Wire target = wire;
        if (target != null) {
            target.abort();
        }
        end(code, "refused: " + reason);
    }

    /** The answer to call {@code id} (ignored when it is not waiting). */
    protected final void answer(long id, JsonValue data) {
        Answer answer;
        long rtt;
        synchronized (this) {
            answer = outstanding.answerOf(id);
            long sent = outstanding.remove(id);
            if (answer == null || sent < 0) {
                return;
            }
            rtt = clock.getAsLong() - sent;
        }
        answer.answered(this, data, rtt);
    }

    /** An error answer to call {@code id}. */
    protected final void fail(long id, String name, String message) {
        Answer answer;
        synchronized (this) {
            answer = outstanding.answerOf(id);
            if (answer == null || outstanding.remove(id) < 0) {
                return;
            }
        }
        answer.failed(this, name, message);
    }

    private void end(int code, String reason) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            ready = false;
            unansweredAtEnd = outstanding.size();
        }
        events.ended(this, code, reason);
    }

    // ---- WireListener

    @Override
    public final void opened(Wire opened) {
        wire = opened;
        start();
    }

    @Override
    public final void text(String message) {
        received(message);
    }

    @Override
    public final void binary(int length) {
        // no dialect expects binary messages from the server (uploads only send them)
    }

    @Override
    public final void closed(int code, String reason) {
        end(code, reason);
    }
}
