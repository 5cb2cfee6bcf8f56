package io.socketgrid.engine;

import io.socketgrid.api.Procedure;
import io.socketgrid.api.ProcedureException;
import io.socketgrid.api.TransmitHandler;
import io.socketgrid.api.Verdict;
import io.socketgrid.protocol.CloseCodes;
import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.InboundFrame;
import io.socketgrid.protocol.ProtocolError;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.concurrent.CompletionStage;

/**
 * Carries out the actions of open connections that {@link InboundInterception} allowed: the reserved events of
 * the protocol ({@code #subscribe}, {@code #unsubscribe}, {@code #publish}, {@code #authenticate},
 * {@code #removeAuthToken}), the extensions' reserved events and the application's events; and answers blocked
 * actions. Every invoke gets exactly one answer.
 */
final class FrameRouter {

    private final FrameCodec codec;
    private final DataMapper mapper;
    private final HandlerRegistry handlers;
    private final ChannelFanout fanout;
    private final EngineObserver observer;
    private final ProblemLog problems;
    private final ProtocolExtensions extensions;
    private final ConnectionWriter writer;
    private final SocketAuthentication auth;

    FrameRouter(FrameCodec codec, DataMapper mapper, ConnectionWriter writer, EngineObserver observer,
                HandlerRegistry handlers, ChannelFanout fanout, SocketAuthentication auth,
                ProtocolExtensions extensions, ProblemLog problems) {
        this.codec = codec;
        this.mapper = mapper;
        this.writer = writer;
        this.observer = observer;
        this.handlers = handlers;
        this.fanout = fanout;
        this.auth = auth;
        this.extensions = extensions;
        this.problems = problems;
    }

    /** Carries out an action the interception allowed. */
    void route(Connection connection, ClientAction action) {
        if (action instanceof ClientAction.Invoke invoke) {
            invoke(connection, invoke.event());
        } else if (action instanceof ClientAction.Transmit transmit) {
            transmit(connection, transmit.event());
        } else if (action instanceof ClientAction.Publish publish) {
            publish(connection, publish);
        } else if (action instanceof ClientAction.Subscribe subscribe) {
            subscribe(connection, subscribe);
        } else if (action instanceof ClientAction.Unsubscribe unsubscribe) {
            fanout.unsubscribe(unsubscribe.channel(), connection);
            succeed(connection, unsubscribe.event(), null);
        } else if (action instanceof ClientAction.Authenticate authenticate) {
            auth.authenticate(connection, authenticate);
        } else if (action instanceof ClientAction.Deauthenticate deauthenticate) {
            auth.removeToken(connection, false);
            succeed(connection, deauthenticate.event(), null);
        } else if (action instanceof ClientAction.Rejected rejected) {
            refuse(connection, rejected.event(), rejected.error(), rejected.message());
        } else if (action instanceof ClientAction.Extension extension) {
            extension(connection, extension.event());
        }
    }

    /** Answers an action the interception blocked: an invoke gets the error; anything else is dropped. */
    void blocked(Connection connection, ClientAction action, Verdict verdict) {
        answerOrLog(connection, action.event(), "blocked", verdict.error(), verdict.message());
    }

    /** A frame that is not an event: a response to nothing of ours, or an invalid frame. */
    void other(Connection connection, InboundFrame frame) {
        if (frame instanceof InboundFrame.Response response) {
            observer.unknownResponse();
            problems.report("unknown-rid", connection + " answered rid " + response.rid()
                    + ", which matches no call of ours: ignored");
        } else if (frame instanceof InboundFrame.Invalid invalid) {
            problems.report(invalid.kind().name(), connection + " sent an invalid frame (" + invalid.kind()
                    + ": " + invalid.detail() + ")");
            if (invalid.canBeAnswered()) {
                fail(connection, invalid.cid(), ProtocolError.INVALID_MESSAGE, invalid.detail());
            } else {
                connection.close(CloseCodes.INVALID_DATA, CloseCodes.reason(CloseCodes.INVALID_DATA));
            }
        }
        // a Heartbeat needs nothing more: liveness was recorded when the message arrived
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

    private void subscribe(Connection connection, ClientAction.Subscribe action) {
        InboundFrame.Event event = action.event();
        String channel = action.channel();
        fanout.subscribe(channel, connection, action.since()).whenComplete((joined, failure) -> {
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

    private void publish(Connection connection, ClientAction.Publish action) {
        InboundFrame.Event event = action.event();
        String channel = action.channel();
        fanout.publish(channel, action.data()).whenComplete((message, failure) -> {
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
        long started = System.nanoTime();
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
            answered(connection, event, started, null, e);
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, failure) -> answered(connection, event, started, value, failure));
        } else {
            answered(connection, event, started, result, null);
        }
    }

    /** Counts the invoke's latency, then answers it with {@code value} or {@code failure}. */
    private void answered(Connection connection, InboundFrame.Event event, long started, Object value, Throwable failure) {
        observer.invokeAnswered(System.nanoTime() - started);
        if (failure != null) {
            answerFailure(connection, event, failure);
        } else {
            answer(connection, event, value);
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
        answerOrLog(connection, event, "refused", name, message);
    }

    /**
     * Answers the invoke {@code event} with the error {@code name}; an event without a {@code cid} expects no
     * answer, so it is logged instead (once per {@code outcome} and name, then at DEBUG).
     */
    private void answerOrLog(Connection connection, InboundFrame.Event event, String outcome, String name, String message) {
        if (event.isInvoke()) {
            fail(connection, event.cid(), name, message);
        } else {
            problems.report(outcome + ":" + name, connection + " sent " + event.event() + ", " + outcome + ": " + message);
        }
    }

    private void fail(Connection connection, long cid, String name, String message) {
        writer.fail(connection, cid, name, message);
    }
}
