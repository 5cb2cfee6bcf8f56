package io.socketgrid.jakarta;

import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Works around a per-message cost of Tyrus inside Payara: Tyrus re-schedules its idle-timeout task on every
 * inbound and outbound message on the container's managed scheduled executor, and each scheduling there
 * saves the thread context with a service-loader scan of every server module (about 85 % of the CPU of a
 * ping-pong flood). This replaces the executor that Tyrus's {@code BaseContainer} holds in its private
 * field {@value #FIELD} with a plain one-thread scheduler that drops cancelled tasks.
 *
 * <p>Applied only where that field exists and holds an executor (Tyrus in a Jakarta EE server); anywhere
 * else it reports why it did nothing and changes nothing. {@link Applied#revert()} puts the original back.
 * The idle-timeout tasks it then runs only close idle sessions and need no Jakarta EE context.
 */
public final class TyrusSchedulerPatch {

    static final String FIELD = "managedScheduledExecutorService";

    /** The outcome of {@link #apply}. */
    public sealed interface Outcome {
        String describe();
    }

    /** The executor was replaced; {@link #revert()} restores it and stops the replacement. */
    public record Applied(Object container, Field field, Object original, ScheduledExecutorService replacement)
            implements Outcome {
        public void revert() {
            try {
                field.set(container, original);
            } catch (IllegalAccessException | RuntimeException e) {
                // the container is going away with the application; nothing else holds the replacement
            }
            replacement.shutdownNow();
        }

        @Override
        public String describe() {
            return "applied";
        }
    }

    /** Nothing was changed, for the reason given. */
    public record NotApplied(String reason) implements Outcome {
        @Override
        public String describe() {
            return "not applied: " + reason;
        }
    }

    private TyrusSchedulerPatch() {
    }

    /** Replaces the managed scheduler of {@code serverContainer} if it has one. Never throws. */
    public static Outcome apply(Object serverContainer) {
        if (serverContainer == null) {
            return new NotApplied("no WebSocket server container");
        }
        Field field = ContainerFields.find(serverContainer.getClass(), FIELD).orElse(null);
        if (field == null) {
            return new NotApplied(serverContainer.getClass().getName() + " has no field " + FIELD);
        }
        if (!ScheduledExecutorService.class.isAssignableFrom(field.getType())) {
            return new NotApplied(FIELD + " is a " + field.getType().getName());
        }
        try {
            field.setAccessible(true);
            Object original = field.get(serverContainer);
            if (original == null) {
                return new NotApplied(FIELD + " is null: the container uses its own scheduler already");
            }
            ScheduledExecutorService replacement = newScheduler();
            field.set(serverContainer, replacement);
            return new Applied(serverContainer, field, original, replacement);
        } catch (IllegalAccessException | RuntimeException e) {
            return new NotApplied("cannot replace " + FIELD + ": " + e);
        }
    }

    private static ScheduledExecutorService newScheduler() {
        return new TyrusIdleTimeoutScheduler();
    }
}
