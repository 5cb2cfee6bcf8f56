package io.socketgrid.load.dialect;

import io.socketgrid.client.transport.Wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A {@link Wire} that keeps what was sent. */
final class RecordingWire implements Wire {
    final List<String> sent = new ArrayList<>();
    final List<ByteBuffer> binary = new ArrayList<>();
    int closeCode = -1;
    boolean aborted;

    @Override
    public boolean sendText(String text) {
        sent.add(text);
        return true;
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        binary.add(data);
        return true;
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
    }

    @Override
    public void abort() {
        aborted = true;
    }

    String last() {
        return sent.get(sent.size() - 1);
    }
}
