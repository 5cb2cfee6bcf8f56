package io.socketgrid.load.dialect;

import jakarta.json.JsonValue;

/**
 * What becomes of one call a {@link Session} made (an invoke, a Socket.IO event with an ack): called once, on the
 * session's I/O thread, unless the session ends first (then the call counts as unanswered, and nothing is called).
 * One instance may serve every call of a workload: the session says which.
 */
public interface Answer {

    /** The server answered; {@code rttNanos} from sending the call to reading its answer. */
    void answered(Session session, JsonValue data, long rttNanos);

    /** The server answered with an error ({@code name} is its error name), or the call was given up. */
    void failed(Session session, String name, String message);
}
