package io.socketgrid.client;

import java.util.ArrayList;
import java.util.List;

/** Records every life-cycle event as a line of text, in order. */
final class RecordingListener implements ConnectionListener {

    final List<String> events = new ArrayList<>();

    @Override
    public void onConnect(Handshake handshake) {
        events.add("connect " + handshake.id());
    }

    @Override
    public void onDisconnect(int code, String reason) {
        events.add("disconnect " + code);
    }

    @Override
    public void onReconnecting(int attempt, long delayMillis) {
        events.add("reconnecting " + attempt + " after " + delayMillis);
    }

    @Override
    public void onClose(int code, String reason) {
        events.add("close " + code);
    }

    @Override
    public void onError(SocketGridException error) {
        events.add("error " + error.name());
    }
}
