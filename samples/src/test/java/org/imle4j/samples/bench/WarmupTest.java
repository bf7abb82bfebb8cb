package org.imle4j.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.imle4j.samples.report.Progress;
import org.junit.jupiter.api.Test;

/** The warm-up runs until both its step count and its time have passed, whichever comes later. */
class WarmupTest {
    private static final Progress SILENT = Progress.start("test", 1);

    @Test
    void withoutTimeItRunsExactlyTheSteps() {
        AtomicInteger calls = new AtomicInteger();
        Warmup warm = Warmup.run(3, 0, calls::incrementAndGet, SILENT);
        assertEquals(3, calls.get());
        assertEquals(3, warm.steps());
        assertTrue(warm.firstStepsMs() >= 0, warm.toString());
    }

    @Test
    void withTimeItRunsPastTheStepsUntilTheTimeHasPassed() {
        AtomicInteger calls = new AtomicInteger();
        Warmup warm = Warmup.run(1, 0.05, () -> {
            calls.incrementAndGet();
            sleep(5);
        }, SILENT);
        // One step of at least 5 ms cannot fill 50 ms: the time, not the count, ended the warm-up.
        assertTrue(calls.get() >= 2, warm.toString());
        assertEquals(calls.get(), warm.steps());
        assertTrue(warm.seconds() >= 0.05, warm.toString());
        assertTrue(warm.firstStepsMs() >= 5, warm.toString());
    }

    @Test
    void noStepsAndNoTimeRunNothing() {
        AtomicInteger calls = new AtomicInteger();
        Warmup warm = Warmup.run(0, 0, calls::incrementAndGet, SILENT);
        assertEquals(0, calls.get());
        assertEquals(0, warm.steps());
        assertTrue(Double.isNaN(warm.firstStepsMs()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
