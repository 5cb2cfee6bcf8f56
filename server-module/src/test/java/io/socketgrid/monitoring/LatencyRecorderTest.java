package io.socketgrid.monitoring;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyRecorderTest {

    @Test
    void eachIntervalHoldsWhatWasRecordedSinceThePreviousOne() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int micros = 1; micros <= 100; micros++) {
            recorder.record(micros * 1000L);
        }
        LatencySummary first = recorder.takeInterval();
        assertEquals(100, first.count());
        assertEquals(50, first.p50());
        assertEquals(90, first.p90());
        assertEquals(99, first.p99());
        assertEquals(100, first.max());

        assertEquals(LatencySummary.NONE, recorder.takeInterval(), "nothing since");
        recorder.record(TimeUnit.MILLISECONDS.toNanos(5));
        LatencySummary second = recorder.takeInterval();
        assertEquals(1, second.count());
        assertEquals(5000, second.max(), 5000 / 100.0, "two significant digits");
    }

    @Test
    void latenciesBeyondAMinuteCountAsAMinute() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(TimeUnit.HOURS.toNanos(1));
        recorder.record(0);
        LatencySummary summary = recorder.takeInterval();
        assertEquals(2, summary.count());
        assertEquals(TimeUnit.MINUTES.toMicros(1), summary.max(), TimeUnit.MINUTES.toMicros(1) / 100.0);
    }

    @Test
    void manyThreadsRecordWithoutLosingAValue() throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        int threads = 4;
        int each = 10_000;
        CountDownLatch done = new CountDownLatch(threads);
        long recorded = 0;
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    recorder.record(2_000);
                }
                done.countDown();
            }).start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean finished;
        do {
            recorded += recorder.takeInterval().count(); // reading while they write
            finished = done.await(1, TimeUnit.MILLISECONDS);
        } while (!finished && System.nanoTime() < deadline);
        assertTrue(finished, "the writers finished");
        recorded += recorder.takeInterval().count();
        assertEquals((long) threads * each, recorded);
    }
}
