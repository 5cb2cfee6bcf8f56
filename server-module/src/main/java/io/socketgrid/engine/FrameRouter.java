package io.socketgrid.engine;

import io.socketgrid.api.Procedure;
import io.socketgrid.api.ProcedureException;
import io.socketgrid.api.TransmitHandler;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.protocol.CloseCodes;
import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.InboundFrame;
import io.socketgrid.protocol.ProtocolError;
import io.socketgrid.protocol.ReservedEvents;
import io.socketgrid.broker.StreamPosition;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.concurrent.CompletionStage;

/**
 * Handles the frames of open connections: the reserved events of the protocol ({@code #subscribe},
 * {@code #unsubscribe}, {@code #publish}) and the application's events. Every invoke gets exactly one answer.
 */
final class FrameRouter {

    private final SocketGridConfig config;
    private final FrameCodec codec;
    private final DataMapper mapper;
    private final HandlerRegistry handlers;
    private final ChannelFanout fanout;
    private final EngineObserver observer;
    private final ProblemLog problems;
    private final SocketGridEngine engine;
    private final ProtocolExtensions extensions;
    private final ConnectionWriter writer;

    FrameRouter(SocketGridEngine engine, SocketGridConfig config, HandlerRegistry handlers, ChannelFanout fanout,
                ProtocolExtensions extensions, ProblemLog problems) {
        this.engine = engine;
        this.config = config;
        this.codec = engine.codec();
        this.mapper = engine.mapper();
        this.handlers = handlers;
        this.fanout = fanout;
        this.extensions = extensions;
        this.writer = engine.writer();
        this.observer = engine.observer();
        this.problems = problems;
    }

    void route(Connection connection, InboundFrame frame) {
        if (frame instanceof InboundFrame.Event event) {
            if (ReservedEvents.isReserved(event.event())) {
                reserved(connection, event);
            } else if (event.isInvoke()) {
                invoke(connection, event);
            } else {
                transmit(connection, event);
            }
        } else if (frame instanceof InboundFrame.Response response) {
            observer.unknownResponse();
            problems.report("unknown-rid", connection + " answered rid " + response.rid()
                    + ", which matches no call of ours: ignored");
        } else if (frame instanceof InboundFrame.Invalid invalid) {
            problems.report(invalid.kind().name(), connection + " sent an invalid frame (" + invalid.kind()
                    + ": " + invalid.detail() + ")");
            if (invalid.canBeAnswered()) {
                fail(connection, invalid.cid(), ProtocolError.INVALID_MESSAGE, invalid.detail());
            } else {
                engine.close(connection, CloseCodes.INVALID_DATA);
            }
        }
        // a Heartbeat needs nothing more: liveness was recorded when the message arrived
    }

    private void reserved(Connection connection, InboundFrame.Event event) {
        switch (event.event()) {
            case ReservedEvents.SUBSCRIBE -> subscribe(connection, event);
            case ReservedEvents.UNSUBSCRIBE -> unsubscribe(connection, event);
            case ReservedEvents.PUBLISH -> publish(connection, event);
            case ReservedEvents.HANDSHAKE -> refuse(connection, event, ProtocolError.INVALID_ACTION,
                    "the socket has already completed its handshake");
            default -> extension(connection, event);
        }
    }

    private void extension(Connection connection, InboundFrame.Event event) {
        ProtocolExtensions.ReservedEventHandler handler = extensions.reserved(event.event());
        if (handler == null) {
            refuse(connection, event, ProtocolError.INVALID_ACTION,
                    "reserved event " + event.event() + " is not supported by this server");
            return;
        }
        try {
            handler.handle(connection, event);
        } catch (RuntimeException e) {
            answerFailure(connection, event, e);
        }
    }

    private void subscribe(Connection connection, InboundFrame.Event event) {
        String channel = channelOf(event.data());
        if (channel == null) {
            refuse(connection, event, ProtocolError.INVALID_ARGUMENTS, invalidChannelMessage());
            return;
        }
        if (!connection.channels().contains(channel)
                && connection.channels().size() >= config.maxSubscriptionsPerSocket()) {
            refuse(connection, event, ProtocolError.INVALID_ACTION,
                    "a socket may subscribe to at most " + config.maxSubscriptionsPerSocket() + " channels");
            return;
        }
        JsonValue recover = event.data() instanceof JsonObject object ? object.get("recover") : null;
        StreamPosition since = null;
        if (recover != null && recover != JsonValue.NULL) {
            since = positionOf(recover);
            if (since == null) {
                refuse(connection, event, ProtocolError.INVALID_ARGUMENTS,
                        "recover must be {\"epoch\":string,\"offset\":integer >= -1}");
                return;
            }
        }
        fanout.subscribe(channel, connection, since).whenComplete((joined, failure) -> {
            if (failure != null) {
                brokerFailed(connection, event, "subscribe to '" + channel + "'", failure);
            } else if (event.isInvoke()) {
                writer.answer(connection, event.cid(), subscribed(joined));
            }
        });
    }

    /** The answer to {@code #subscribe}: the channel position, and whether recovery succeeded when asked. */
    private JsonValue subscribed(ChannelFanout.Joined joined) {
        JsonObjectBuilder data = codec.json().createObjectBuilder()
                .add("epoch", joined.position().epoch())
                .add("offset", joined.position().offset());
        if (joined.recovered() != null) {
            data.add("recovered", joined.recovered());
        }
        return data.build();
    }

    private static StreamPosition positionOf(JsonValue value) {
        if (value instanceof JsonObject position
                && position.get("epoch") instanceof JsonString epoch
                && position.get("offset") instanceof JsonNumber offset
                && offset.isIntegral()
                && offset.longValue() >= StreamPosition.BEFORE_FIRST) {
            return new StreamPosition(epoch.getString(), offset.longValue());
        }
        return null;
    }

    private void unsubscribe(Connection connection, InboundFrame.Event event) {
        String channel = channelOf(event.data());
        if (channel == null) {
            refuse(connection, event, ProtocolError.INVALID_ARGUMENTS, invalidChannelMessage());
            return;
        }
        fanout.unsubscribe(channel, connection);
        succeed(connection, event, null);
    }

    private void publish(Connection connection, InboundFrame.Event event) {
        if (!config.allowClientPublish()) {
            refuse(connection, event, ProtocolError.INVALID_ACTION, "clients may not publish on this server");
            return;
        }
        String channel = channelOf(event.data());
        if (channel == null) {
            refuse(connection, event, ProtocolError.INVALID_ARGUMENTS, invalidChannelMessage());
            return;
        }
        JsonValue data = ((JsonObject) event.data()).getOrDefault("data", JsonValue.NULL);
        fanout.publish(channel, data).whenComplete((message, failure) -> {
            if (failure != null) {
                brokerFailed(connection, event, "publish to '" + channel + "'", failure);
            } else {
                succeed(connection, event, null);
            }
        });
    }

    private void brokerFailed(Connection connection, InboundFrame.Event event, String what, Throwable failure) {
        observer.brokerFailed();
        problems.report("broker-failed", what + " failed for " + connection, failure);
        if (event.isInvoke()) {
            fail(connection, event.cid(), ProtocolError.BROKER_FAILED, what + " failed");
        }
    }

    /**
     * The channel a reserved event names: {@code {"channel":"name",…}}, or (as {@code #unsubscribe} sends it)
     * the bare name; null when absent or not a valid client channel name.
     */
    private String channelOf(JsonValue data) {
        JsonValue name = data instanceof JsonObject object ? object.get("channel") : data;
        if (name instanceof JsonString s) {
            String channel = s.getString();
            if (!channel.isEmpty() && channel.length() <= config.maxChannelNameLength()
                    && !ReservedEvents.isReserved(channel)) {
                return channel;
            }
        }
        return null;
    }

    private String invalidChannelMessage() {
        return "expected a channel name of 1 to " + config.maxChannelNameLength()
                + " characters, not starting with '#' (reserved for the server)";
    }

    private void transmit(Connection connection, InboundFrame.Event event) {
        TransmitHandler<JsonValue> handler = handlers.transmitHandler(event.event());
        if (handler == null) {
            observer.unhandledEvent(false);
            problems.report("unhandled-transmit", connection + " transmitted '" + event.event()
                    + "', which no handler handles: ignored");
            return;
        }
        try {
            handler.onTransmit(connection, event.data());
        } catch (Exception | LinkageError e) {
            observer.handlerFailed();
            problems.report("handler-failed:" + event.event(), "handler of '" + event.event() + "' failed", e);
        }
    }

    private void invoke(Connection connection, InboundFrame.Event event) {
        Procedure<JsonValue> procedure = handlers.procedure(event.event());
        if (procedure == null) {
            observer.unhandledEvent(true);
            fail(connection, event.cid(), ProtocolError.NO_PROCEDURE,
                    "no procedure handles event '" + event.event() + "'");
            return;
        }
        Object result;
        try {
            result = procedure.invoke(connection, event.data());
        } catch (Exception | LinkageError e) {
            answerFailure(connection, event, e);
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    answerFailure(connection, event, failure);
                } else {
                    answer(connection, event, value);
                }
            });
        } else {
            answer(connection, event, result);
        }
    }

    private void answer(Connection connection, InboundFrame.Event event, Object value) {
        JsonValue data;
        try {
            data = mapper.toJson(value);
        } catch (RuntimeException e) {
            answerFailure(connection, event, e);
            return;
        }
        writer.answer(connection, event.cid(), data);
    }

    private void answerFailure(Connection connection, InboundFrame.Event event, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ProcedureException named) {
            if (event.isInvoke()) {
                fail(connection, event.cid(), named.name(), named.getMessage());
            }
            return;
        }
        observer.handlerFailed();
        problems.report("procedure-failed:" + event.event(), "procedure '" + event.event() + "' failed", cause);
        if (event.isInvoke()) {
            fail(connection, event.cid(), ProtocolError.PROCEDURE_FAILED, "procedure '" + event.event() + "' failed");
        }
    }

    /** Answers an invoke with success; a transmit needs no answer. */
    private void succeed(Connection connection, InboundFrame.Event event, JsonValue data) {
        if (event.isInvoke()) {
            writer.answer(connection, event.cid(), data);
        }
    }

    /** Answers an invoke with an error; a refused transmit is logged (once) instead. */
    private void refuse(Connection connection, InboundFrame.Event event, String name, String message) {
        observer.refused();
        if (event.isInvoke()) {
            fail(connection, event.cid(), name, message);
        } else {
            problems.report("refused:" + name, connection + " transmitted " + event.event() + ": " + message);
        }
    }

    private void fail(Connection connection, long cid, String name, String message) {
        writer.fail(connection, cid, name, message);
    }
}
