package io.socketgrid.bench;

import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.InboundFrame;
import io.socketgrid.protocol.ObjectModelDecoderAccess;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A benchmark, not a test: nanoseconds and bytes allocated per decoded thesis ping, the streaming decoder of
 * {@link FrameCodec} against the object-model decoder it replaced (kept in the tests as its oracle), in one
 * JVM, in alternating rounds. Run it pinned to one core:
 * {@code taskset -c 0 java -cp <test classpath> io.socketgrid.bench.DecodeCost [rounds] [seconds] [warm-up]}.
 */
public final class DecodeCost {

    private static final String PING = "{\"event\":\"ping\",\"data\":{\"param\":\"pong\"},\"cid\":12345}";
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private record Round(double nanosPerDecode, double bytesPerDecode) {
    }

    private static long sink;

    private static Round run(Function<String, List<InboundFrame>> decoder, double seconds) {
        long thread = Thread.currentThread().getId();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long bytesBefore = THREADS.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        long decodes = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                sink += decoder.apply(PING).size();
            }
            decodes += 1000;
        }
        long nanos = System.nanoTime() - start;
        long bytes = THREADS.getThreadAllocatedBytes(thread) - bytesBefore;
        return new Round((double) nanos / decodes, (double) bytes / decodes);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        FrameCodec codec = new FrameCodec();
        Function<String, List<InboundFrame>> streaming = codec::decode;
        Function<String, List<InboundFrame>> objectModel = ObjectModelDecoderAccess.decoder();
        run(streaming, warmup / 2);
        run(objectModel, warmup / 2);
        Round[] s = new Round[rounds];
        Round[] o = new Round[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                s[r] = run(streaming, seconds);
                o[r] = run(objectModel, seconds);
            } else {
                o[r] = run(objectModel, seconds);
                s[r] = run(streaming, seconds);
            }
        }
        double sNanos = EngineCost.median(Arrays.stream(s).mapToDouble(Round::nanosPerDecode).toArray());
        double oNanos = EngineCost.median(Arrays.stream(o).mapToDouble(Round::nanosPerDecode).toArray());
        double sBytes = EngineCost.median(Arrays.stream(s).mapToDouble(Round::bytesPerDecode).toArray());
        double oBytes = EngineCost.median(Arrays.stream(o).mapToDouble(Round::bytesPerDecode).toArray());
        System.out.printf("decode of the thesis ping, median of %d rounds of %.0f s: object model %.0f ns, %.0f bytes;"
                        + " streaming %.0f ns, %.0f bytes (time %.2fx, allocation %.2fx)%n", rounds, seconds, oNanos,
                oBytes, sNanos, sBytes, sNanos / oNanos, sBytes / oBytes);
        if (sink == 0) {
            throw new IllegalStateException("nothing was decoded");
        }
    }
}
