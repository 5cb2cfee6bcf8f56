package io.socketgrid.engine;

import java.util.Map;

/**
 * A snapshot of {@link EngineCounters}, shaped for JSON-B. Totals are since the engine started;
 * {@code messages*}/{@code chars*} count text messages, {@code binaryMessages*}/{@code binaryBytes*} binary ones;
 * {@code invalidFrames} is keyed by {@link io.socketgrid.protocol.InvalidFrameKind} name,
 * {@code closeCodes} by close code, {@code security} by {@link SecurityEvent} name; {@code publishes} are the
 * channel messages this node handed to the broker, {@code deliveries} the channel messages written to its
 * subscribers, {@code channelMessagesSkipped} the channel messages that never reached this node (its subscription fell
 * too far behind the stream; the subscribers got {@code #gap}), {@code invokesAnswered} the application procedures' answers.
 */
public record EngineStats(
        int connections,
        long connectionsOpened,
        long connectionsClosed,
        long messagesIn,
        long charsIn,
        long messagesOut,
        long charsOut,
        long binaryMessagesIn,
        long binaryBytesIn,
        long binaryMessagesOut,
        long binaryBytesOut,
        long unhandledTransmits,
        long unhandledInvokes,
        long refusedActions,
        long unknownResponses,
        long handlerFailures,
        long slowConsumersClosed,
        long brokerFailures,
        long undeliverable,
        long channelMessagesSkipped,
        long handshakes,
        long publishes,
        long deliveries,
        long invokesAnswered,
        Map<String, Long> invalidFrames,
        Map<String, Long> closeCodes,
        Map<String, Long> security) {
}
