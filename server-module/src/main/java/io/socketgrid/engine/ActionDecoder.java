package io.socketgrid.engine;

import io.socketgrid.broker.StreamPosition;
import io.socketgrid.protocol.InboundFrame;
import io.socketgrid.protocol.ProtocolError;
import io.socketgrid.protocol.ReservedEvents;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Turns the event frames of open connections into {@link ClientAction}s: reads the arguments of the reserved
 * events once, so that interception and routing see a channel name that is already checked. Stateless and
 * thread-safe.
 */
final class ActionDecoder {

    private final int maxChannelNameLength;

    ActionDecoder(int maxChannelNameLength) {
        this.maxChannelNameLength = maxChannelNameLength;
    }

    ClientAction decode(InboundFrame.Event event) {
        if (!ReservedEvents.isReserved(event.event())) {
            return event.isInvoke() ? new ClientAction.Invoke(event) : new ClientAction.Transmit(event);
        }
        return switch (event.event()) {
            case ReservedEvents.SUBSCRIBE -> subscribe(event);
            case ReservedEvents.UNSUBSCRIBE -> {
                String channel = channelOf(event.data());
                yield channel == null ? badChannel(event) : new ClientAction.Unsubscribe(event, channel);
            }
            case ReservedEvents.PUBLISH -> {
                String channel = event.data() instanceof JsonObject ? channelOf(event.data()) : null;
                yield channel == null ? badChannel(event) : new ClientAction.Publish(event, channel,
                        ((JsonObject) event.data()).getOrDefault("data", JsonValue.NULL));
            }
            case ReservedEvents.AUTHENTICATE -> new ClientAction.Authenticate(event,
                    event.data() instanceof JsonString token ? token.getString() : null);
            case ReservedEvents.REMOVE_AUTH_TOKEN -> new ClientAction.Deauthenticate(event);
            case ReservedEvents.HANDSHAKE -> new ClientAction.Rejected(event, ProtocolError.INVALID_ACTION,
                    "the socket has already completed its handshake");
            default -> new ClientAction.Extension(event);
        };
    }

    private ClientAction subscribe(InboundFrame.Event event) {
        String channel = channelOf(event.data());
        if (channel == null) {
            return badChannel(event);
        }
        JsonValue recover = event.data() instanceof JsonObject object ? object.get("recover") : null;
        StreamPosition since = null;
        if (recover != null && recover != JsonValue.NULL) {
            since = positionOf(recover);
            if (since == null) {
                return new ClientAction.Rejected(event, ProtocolError.INVALID_ARGUMENTS,
                        "recover must be {\"epoch\":string,\"offset\":integer >= -1}");
            }
        }
        return new ClientAction.Subscribe(event, channel, since);
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

    /**
     * The channel a reserved event names: {@code {"channel":"name",…}}, or (as {@code #unsubscribe} sends it)
     * the bare name; null when absent or not a valid client channel name.
     */
    private String channelOf(JsonValue data) {
        JsonValue name = data instanceof JsonObject object ? object.get("channel") : data;
        if (name instanceof JsonString s) {
            String channel = s.getString();
            if (!channel.isEmpty() && channel.length() <= maxChannelNameLength && !ReservedEvents.isReserved(channel)) {
                return channel;
            }
        }
        return null;
    }

    private ClientAction badChannel(InboundFrame.Event event) {
        return new ClientAction.Rejected(event, ProtocolError.INVALID_ARGUMENTS, "expected a channel name of 1 to "
                + maxChannelNameLength + " characters, not starting with '#' (reserved for the server)");
    }
}
