package io.socketgrid.engine;

import io.socketgrid.broker.ChannelMessage;
import io.socketgrid.protocol.FrameCodec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Messages of one channel that reached this node together, encoded once for all of the node's subscribers.
 * They are split, in order, into <em>groups</em> of at most {@code limitBytes} on the wire; a group of several
 * messages goes out as one SocketCluster batch message, a group of one as the plain frame. A message larger
 * than the limit is a group of its own, and with a limit of 0 every message is.
 *
 * <p>Each group's outbound frame is built once, when the first subscriber that takes the whole group asks for
 * it, and the same frame object is then queued for every other such subscriber. A subscriber that takes only
 * part of a group (it joined in the middle, or the outbound interception held some back) gets
 * {@link #subset} instead. Used by the one delivering thread; not thread-safe.
 */
final class DeliveryBatch {

    private final List<ChannelMessage> messages;
    private final Function<ChannelMessage, String> encoder;
    private final String[] frames;
    private final int[] frameBytes; // UTF-8 size of each frame, 0 until measured
    private final int[] groupEnds;
    private final OutboundFrame[] groupFrames;

    /**
     * @param messages   consecutive messages of one channel, in offset order, at least one
     * @param encoder    encodes one message as its {@code #publish} frame
     * @param limitBytes the most bytes a group of several messages may take, brackets and commas included
     */
    DeliveryBatch(List<ChannelMessage> messages, Function<ChannelMessage, String> encoder, int limitBytes) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a delivery batch has at least one message");
        }
        this.messages = messages;
        this.encoder = encoder;
        this.frames = new String[messages.size()];
        this.frameBytes = new int[messages.size()];
        this.groupEnds = groupEnds(limitBytes);
        this.groupFrames = new OutboundFrame[groupEnds.length];
    }

    /** Splits greedily: a group grows while its batch (one byte per frame for the brackets and commas) fits. */
    private int[] groupEnds(int limitBytes) {
        int size = messages.size();
        if (size == 1) {
            return new int[] {1};
        }
        int[] ends = new int[size];
        int groups = 0;
        long groupBytes = 0;
        for (int i = 0; i < size; i++) {
            long bytes = limitBytes == 0 ? 0 : frameBytes(i) + 1L;
            boolean startsGroup = i == 0 || limitBytes == 0 || groupBytes + bytes + 1 > limitBytes;
            if (startsGroup && i > 0) {
                ends[groups++] = i;
                groupBytes = 0;
            }
            groupBytes += bytes;
        }
        ends[groups++] = size;
        return Arrays.copyOf(ends, groups);
    }

    int size() {
        return messages.size();
    }

    ChannelMessage message(int index) {
        return messages.get(index);
    }

    int groupCount() {
        return groupEnds.length;
    }

    int groupStart(int group) {
        return group == 0 ? 0 : groupEnds[group - 1];
    }

    int groupEnd(int group) {
        return groupEnds[group];
    }

    /** The whole group as one outbound message, the same object for every subscriber. */
    OutboundFrame groupFrame(int group) {
        OutboundFrame frame = groupFrames[group];
        if (frame == null) {
            frame = join(groupStart(group), groupEnd(group), null);
            groupFrames[group] = frame;
        }
        return frame;
    }

    /**
     * The messages of {@code [start, end)} whose {@code taken} flag (indexed from {@code start}) is set, as one
     * outbound message; null when none is. Fits the limit whenever the whole range did.
     */
    OutboundFrame subset(int start, int end, boolean[] taken) {
        return join(start, end, taken);
    }

    /** The chosen frames as one message; its size is summed from theirs, not measured again. */
    private OutboundFrame join(int start, int end, boolean[] taken) {
        List<String> chosen = new ArrayList<>(end - start);
        long bytes = 0;
        for (int i = start; i < end; i++) {
            if (taken == null || taken[i - start]) {
                chosen.add(frame(i));
                bytes += frameBytes(i);
            }
        }
        if (chosen.isEmpty()) {
            return null;
        }
        if (chosen.size() == 1) {
            return new OutboundFrame.Text(chosen.get(0), (int) bytes);
        }
        // the brackets and commas joinBatch adds: one ASCII byte per frame, and one more
        return new OutboundFrame.Text(FrameCodec.joinBatch(chosen), (int) (bytes + chosen.size() + 1));
    }

    private int frameBytes(int index) {
        if (frameBytes[index] == 0) {
            frameBytes[index] = Utf8.length(frame(index));
        }
        return frameBytes[index];
    }

    private String frame(int index) {
        String frame = frames[index];
        if (frame == null) {
            frame = encoder.apply(messages.get(index));
            frames[index] = frame;
        }
        return frame;
    }
}
