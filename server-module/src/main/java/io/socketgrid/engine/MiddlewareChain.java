package io.socketgrid.engine;

import io.socketgrid.api.ClientSocket;
import io.socketgrid.api.Middleware;
import io.socketgrid.api.Verdict;
import jakarta.json.JsonValue;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The application's middlewares, kept per hook: a middleware is listed only under the hooks it overrides, so a
 * hook nobody overrides costs one empty-array check. Registration is rare and copies the arrays; calls read
 * them without locking.
 */
final class MiddlewareChain {

    /** The hooks of {@link Middleware}, by the method name that implements each. */
    enum Hook {
        HANDSHAKE("onHandshake", ClientSocket.class),
        TRANSMIT("onTransmit", ClientSocket.class, String.class, JsonValue.class),
        INVOKE("onInvoke", ClientSocket.class, String.class, JsonValue.class),
        SUBSCRIBE("onSubscribe", ClientSocket.class, String.class),
        PUBLISH_IN("onPublishIn", ClientSocket.class, String.class, JsonValue.class),
        PUBLISH_OUT("onPublishOut", ClientSocket.class, String.class, JsonValue.class);

        private final String method;
        private final Class<?>[] parameters;

        Hook(String method, Class<?>... parameters) {
            this.method = method;
            this.parameters = parameters;
        }

        boolean overriddenBy(Middleware middleware) {
            try {
                return middleware.getClass().getMethod(method, parameters).getDeclaringClass() != Middleware.class;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("Middleware has no method " + method, e);
            }
        }
    }

    /** What a middleware that throws is blocked with. */
    static final String FAILED = "MiddlewareError";

    private static final Verdict FAILED_VERDICT = Verdict.block(FAILED, "the server could not check this action");

    /** A publish-out middleware dropped the message for this subscriber (never sent to a client). */
    static final Verdict DROPPED = Verdict.block("Dropped", "dropped by a publish-out middleware");

    private static final Middleware[] NONE = new Middleware[0];

    private final Middleware[][] byHook = new Middleware[Hook.values().length][];
    private final BiConsumer<Hook, Throwable> onFailure;

    /** @param onFailure told of every middleware that throws (count and log it) */
    MiddlewareChain(BiConsumer<Hook, Throwable> onFailure) {
        this.onFailure = onFailure;
        Arrays.fill(byHook, NONE);
    }

    synchronized void add(Middleware middleware) {
        for (Hook hook : Hook.values()) {
            if (hook.overriddenBy(middleware)) {
                Middleware[] current = byHook[hook.ordinal()];
                Middleware[] grown = Arrays.copyOf(current, current.length + 1);
                grown[current.length] = middleware;
                byHook[hook.ordinal()] = grown;
            }
        }
    }

    boolean has(Hook hook) {
        return byHook[hook.ordinal()].length > 0;
    }


    /**
     * Runs the middlewares of {@code hook} in order; the first block wins. {@code name} is the event (transmit,
     * invoke) or the channel (subscribe, publish in and out); {@code data} the event's or message's data.
     * A publish-out middleware that returns false blocks with {@link #DROPPED}. A middleware that throws
     * blocks with {@link #FAILED}.
     */
    Verdict check(Hook hook, ClientSocket socket, String name, JsonValue data) {
        for (Middleware middleware : byHook[hook.ordinal()]) {
            Verdict verdict;
            try {
                verdict = switch (hook) {
                    case HANDSHAKE -> middleware.onHandshake(socket);
                    case TRANSMIT -> middleware.onTransmit(socket, name, data);
                    case INVOKE -> middleware.onInvoke(socket, name, data);
                    case SUBSCRIBE -> middleware.onSubscribe(socket, name);
                    case PUBLISH_IN -> middleware.onPublishIn(socket, name, data);
                    case PUBLISH_OUT -> middleware.onPublishOut(socket, name, data) ? Verdict.ALLOW : DROPPED;
                };
            } catch (RuntimeException | LinkageError e) {
                onFailure.accept(hook, e);
                return FAILED_VERDICT;
            }
            if (verdict != null && !verdict.allowed()) {
                return verdict;
            }
        }
        return Verdict.ALLOW;
    }
}
