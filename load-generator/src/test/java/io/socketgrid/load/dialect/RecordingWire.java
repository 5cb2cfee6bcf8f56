package io.socketgrid.load.dialect;

import io.socketgrid.client.transport.Wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A {@link Wire} that keeps the texts sent, and everything else done to it as a line ("close 1000", "abort"). */
final class RecordingWire implements Wire {
    final List<String> sent = new ArrayList<>();
    final List<String> actions = new ArrayList<>();

    @Override
    public boolean sendText(String text) {
        return sent.add(text);
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        return actions.add("binary " + data.remaining());
    }

    @Override
    public void close(int code, String reason) {
        actions.add("close " + code);
    }

    @Override
    public void abort() {
        actions.add("abort");
    }

    String last() {
        return sent.get(sent.size() - 1);
    }
}
