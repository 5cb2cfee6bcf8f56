package io.socketgrid.load.dialect;

import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/** {@link SessionEvents} and {@link Answer} that keep what they heard, as text. */
final class RecordingEvents implements SessionEvents, Answer {
    final List<String> heard = new ArrayList<>();

    @Override
    public void ready(Session session) {
        heard.add("ready");
    }

    @Override
    public void delivered(Session session, String channel, JsonValue data) {
        heard.add("delivered " + channel + " " + data);
    }

    @Override
    public void event(Session session, String event, JsonValue data) {
        heard.add("event " + event + " " + data);
    }

    @Override
    public void ended(Session session, int code, String reason) {
        heard.add("ended " + code + " " + reason);
    }

    @Override
    public void answered(Session session, JsonValue data, long rttNanos) {
        heard.add("answered " + data + " in " + rttNanos);
    }

    @Override
    public void failed(Session session, String name, String message) {
        heard.add("failed " + name);
    }
}
