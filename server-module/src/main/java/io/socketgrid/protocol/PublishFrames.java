package io.socketgrid.protocol;

import jakarta.json.spi.JsonProvider;

/**
 * The {@code #publish} frames of one channel ({@link FrameCodec#encodePublish} describes the frame), written
 * around data that is JSON text already, so that a node forwarding a message to its sockets neither parses
 * nor writes the data again. The fixed parts are written once: the channel's part when this object is made,
 * the epoch's part when the epoch changes; the channel and epoch go through JSON-P's string escaping.
 *
 * <p>Contract: {@code dataText} is one complete JSON text written by JSON-P (a {@code JsonValue}'s
 * {@code toString()}); it is copied into the frame unchecked. Thread-safe.
 */
public final class PublishFrames {

    private record EpochPart(String epoch, String text) {
    }

    private final JsonProvider json;
    private final String head; // {"event":"#publish","data":{"channel":"…","data":
    private volatile EpochPart epochPart; // ,"epoch":"…","offset":

    PublishFrames(JsonProvider json, String channel) {
        this.json = json;
        this.head = "{\"event\":" + literal(ReservedEvents.PUBLISH) + ",\"data\":{\"channel\":" + literal(channel)
                + ",\"data\":";
    }

    /** The frame of the message at {@code offset} of stream {@code epoch}, carrying {@code dataText}. */
    public String encode(String dataText, String epoch, long offset) {
        EpochPart part = epochPart;
        if (part == null || !part.epoch().equals(epoch)) {
            part = new EpochPart(epoch, ",\"epoch\":" + literal(epoch) + ",\"offset\":");
            epochPart = part;
        }
        return new StringBuilder(head.length() + dataText.length() + part.text().length() + 22)
                .append(head).append(dataText).append(part.text()).append(offset).append("}}")
                .toString();
    }

    private String literal(String value) {
        return json.createValue(value).toString();
    }
}
