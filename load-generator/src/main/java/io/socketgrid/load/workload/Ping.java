package io.socketgrid.load.workload;

import io.socketgrid.load.dialect.Answer;
import io.socketgrid.load.dialect.Session;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The thesis ping as a call: {@code ping} with {@code {"param":"pong"}} (Appendix A.1), answered with the
 * server's count; its round trip is what the ping workloads record. One instance serves every connection.
 */
abstract class Ping extends BaseWorkload implements Answer {

    static final String EVENT = "ping";
    static final JsonObject DATA = Json.createObjectBuilder().add("param", "pong").build();

    Ping(String name, int connections, String latencyOf) {
        super(name, connections, latencyOf);
    }

    /** Sends one ping on {@code session} when the run still sends and its budget allows; true when sent. */
    final boolean send(Session session) {
        if (!session.isReady() || !run.takeMessage()) {
            return false;
        }
        if (!session.invoke(event(), data(), this)) {
            run.untakeMessage();
            return false;
        }
        return true;
    }

    /** The event invoked; the thesis ping unless a workload sends another. */
    String event() {
        return EVENT;
    }

    /** The data of each call. */
    JsonValue data() {
        return DATA;
    }

    @Override
    public void answered(Session session, JsonValue data, long rttNanos) {
        run.completed(rttNanos);
    }

    @Override
    public void failed(Session session, String name, String message) {
        run.error(name);
    }
}
