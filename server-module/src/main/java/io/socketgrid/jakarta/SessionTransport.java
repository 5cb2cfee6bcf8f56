package io.socketgrid.jakarta;

import io.socketgrid.engine.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Jakarta WebSocket session as the engine's {@link Transport}: asynchronous sends, one at a time. Where the
 * container is Payara's Tyrus and {@code socketgrid.preparedTextFrames} is on, text goes out as prepared frames
 * ({@link TyrusFrameWriter}); elsewhere through the standard API.
 */
final class SessionTransport implements Transport {

    private final Session session;
    private final TyrusFrameWriter.Bound frames; // null: the standard API

    SessionTransport(Session session, TyrusFrameWriter frameWriter) {
        this.session = session;
        this.frames = frameWriter == null ? null : frameWriter.bind(session);
    }

    @Override
    public void sendText(String text, Consumer<Throwable> completion) {
        send(completion, handler -> session.getAsyncRemote().sendText(text, handler));
    }

    @Override
    public void sendText(String text, Supplier<byte[]> frame, Consumer<Throwable> completion) {
        if (frames == null) {
            sendText(text, completion);
            return;
        }
        send(completion, handler -> {
            if (!frames.write(frame.get(), handler)) { // the node's writer went off: the standard API, as elsewhere
                session.getAsyncRemote().sendText(text, handler);
            }
        });
    }

    @Override
    public void sendBinary(ByteBuffer data, Consumer<Throwable> completion) {
        send(completion, handler -> session.getAsyncRemote().sendBinary(data, handler));
    }

    private static void send(Consumer<Throwable> completion, Consumer<SendHandler> start) {
        try {
            start.accept(result -> completion.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException closedMeanwhile) {
            completion.accept(closedMeanwhile);
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException alreadyClosed) {
            // the peer is gone; the container reports the close through @OnClose
        }
    }

    @Override
    public String describe() {
        return "session " + session.getId();
    }
}
