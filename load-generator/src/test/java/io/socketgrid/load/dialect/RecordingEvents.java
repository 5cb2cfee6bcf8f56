package io.socketgrid.load.dialect;

import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/** {@link SessionEvents} and {@link Answer} that keep what they heard, one line each. */
final class RecordingEvents implements SessionEvents, Answer {
    final List<String> heard = new ArrayList<>();

    private void hear(Object... words) {
        StringBuilder line = new StringBuilder();
        for (Object word : words) {
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        heard.add(line.toString());
    }

    @Override
    public void ready(Session session) {
        hear("ready");
    }

    @Override
    public void delivered(Session session, String channel, JsonValue data) {
        hear("delivered", channel, data);
    }

    @Override
    public void event(Session session, String event, JsonValue data) {
        hear("event", event, data);
    }

    @Override
    public void ended(Session session, int code, String reason) {
        hear("ended", code, reason);
    }

    @Override
    public void answered(Session session, JsonValue data, long rttNanos) {
        hear("answered", data, "in", rttNanos);
    }

    @Override
    public void failed(Session session, String name, String message) {
        hear("failed", name);
    }
}
