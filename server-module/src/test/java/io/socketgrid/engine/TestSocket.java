package io.socketgrid.engine;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;

/** A socket of an engine under test, driven as a client would: text in through the engine, frames out of the fake transport. */
record TestSocket(Connection connection, FakeTransport transport, SocketGridEngine engine) {

    static TestSocket open(SocketGridEngine engine, UpgradeRequest upgrade) {
        FakeTransport transport = new FakeTransport();
        return new TestSocket(engine.open(transport, upgrade), transport, engine);
    }

    void send(String text) {
        engine.onMessage(connection, text);
    }

    /** The next frame that is not a heartbeat, as JSON, waiting at most {@link FakeTransport#WAIT_SECONDS}. */
    JsonObject next() throws InterruptedException {
        try (var reader = Json.createReader(new StringReader(transport.nextFrame()))) {
            return reader.readObject();
        }
    }
}
