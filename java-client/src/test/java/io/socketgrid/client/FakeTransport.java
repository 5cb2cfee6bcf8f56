package io.socketgrid.client;

import io.socketgrid.client.transport.Transport;
import io.socketgrid.client.transport.Wire;
import io.socketgrid.client.transport.WireListener;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A {@link Transport} the test plays the server of: every open() becomes a {@link Connection} it drives. */
final class FakeTransport implements Transport {

    final List<Connection> opened = new ArrayList<>();

    /** One connection attempt: the test opens or refuses it, sends to the client and reads what it sent. */
    static final class Connection implements Wire {
        final WireListener listener;
        final InetAddress localAddress;
        final List<String> sent = new ArrayList<>();
        int closeCode = -1;
        boolean aborted;
        private int read;

        Connection(WireListener listener, InetAddress localAddress) {
            this.listener = listener;
            this.localAddress = localAddress;
        }

        Connection accept() {
            listener.opened(this);
            return this;
        }

        void refuse() {
            listener.closed(1006, "connection refused");
        }

        void serverSends(String text) {
            listener.text(text);
        }

        void serverCloses(int code, String reason) {
            listener.closed(code, reason);
        }

        /** The next frame the client sent, which the test has not read yet. */
        String next() {
            assertFalse(read >= sent.size(), "the client sent nothing more; sent: " + sent);
            return sent.get(read++);
        }

        /** Asserts that the client sent nothing the test has not read. */
        void nothingMore() {
            assertEquals(sent.size(), read, "unexpected frames: " + sent.subList(read, sent.size()));
        }

        @Override
        public boolean sendText(String text) {
            if (aborted || closeCode != -1) {
                return false;
            }
            sent.add(text);
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
    }

    @Override
    public void open(URI uri, InetAddress localAddress, Duration connectTimeout, WireListener listener) {
        opened.add(new Connection(listener, localAddress));
    }

    Connection last() {
        return opened.get(opened.size() - 1);
    }

    @Override
    public void close() {
    }
}
