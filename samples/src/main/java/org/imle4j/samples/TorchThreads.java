package org.imle4j.samples;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs work with a given number of PyTorch intra-op threads, and restores the previous number afterwards.
 *
 * <p>The samples' nets are tiny, so one intra-op thread computes them about as fast as several; on a 2-core machine
 * a second OpenMP thread spin-waits against the solver threads and made training steps 10 to 30 times slower in our
 * runs.
 */
public final class TorchThreads {
    private TorchThreads() {}

    /**
     * Computes {@code work} with a given number of PyTorch intra-op threads, restoring the previous number even if
     * it throws. Loads the engine if it is not loaded yet.
     *
     * @param <T> the type of the result
     * @param threads the number of intra-op threads, at least 0; 0 leaves the setting alone
     * @param work the computation
     * @return {@code work}'s result
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    public static <T> T with(int threads, Supplier<T> work) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be non-negative, but was " + threads);
        }
        Engine.getInstance();
        int previous = JniUtils.getNumThreads();
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
        try {
            return work.get();
        } finally {
            JniUtils.setNumThreads(previous);
        }
    }
}
