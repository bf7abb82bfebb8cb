package org.imle4j.samples.bench;

import java.util.Arrays;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Statistics;

/**
 * The warm-up of one benchmark configuration: steps until both a number of steps and a time have passed. A step's
 * code runs once per step, so the JIT's optimising compiler takes it up only after thousands of steps; at small
 * batches that is seconds, not the first few hundred steps, and step times measured before it are those of less
 * optimised code.
 *
 * @param steps the warm-up steps run
 * @param seconds their wall time
 * @param firstStepsMs the median time of the first {@value #FIRST_STEPS} warm-up steps (or of all, if fewer): the
 *     step of a freshly started configuration, before the JIT has compiled much of it
 */
record Warmup(int steps, double seconds, double firstStepsMs) {
    /** Warm-up steps whose median is the cold step time. */
    static final int FIRST_STEPS = 100;

    /**
     * Runs {@code step} at least {@code minSteps} times and for at least {@code minSeconds}.
     *
     * @param minSteps the fewest steps, at least 0
     * @param minSeconds the shortest warm-up, at least 0
     * @param step one training step
     * @param progress advanced once per step
     * @return what the warm-up ran; NaN as the cold step time when it ran no step
     */
    static Warmup run(int minSteps, double minSeconds, Runnable step, Progress progress) {
        long start = System.nanoTime();
        long minNanos = (long) (minSeconds * 1e9);
        double[] first = new double[FIRST_STEPS];
        int steps = 0;
        long now = start;
        while (steps < minSteps || now - start < minNanos) {
            step.run();
            long end = System.nanoTime();
            if (steps < FIRST_STEPS) {
                first[steps] = (end - now) / 1e6;
            }
            now = end;
            steps++;
            progress.step();
        }
        double cold = steps == 0 ? Double.NaN : Statistics.median(Arrays.copyOf(first, Math.min(steps, FIRST_STEPS)));
        return new Warmup(steps, (now - start) / 1e9, cold);
    }
}
