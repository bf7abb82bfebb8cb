package org.imle4j.cluster;

import org.imle4j.annotation.ImleLayer;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.solvers.TopK;

/**
 * Solvers whose generated layers the cluster tests run. Members behave as their system properties say, on θ rows
 * marked for it: {@value #FAIL_PROPERTY} makes a member throw on rows whose first entry is {@link #FAIL_MARK}, and
 * {@value #SLEEP_PROPERTY} makes it sleep that many milliseconds on rows whose first entry is {@link #SLEEP_MARK}.
 */
final class ClusterSolvers {
    static final String FAIL_PROPERTY = "imle4j.test.failHere";
    static final String SLEEP_PROPERTY = "imle4j.test.sleepMillis";
    static final float FAIL_MARK = 1000f;
    static final float SLEEP_MARK = 2000f;

    private ClusterSolvers() {}

    /** The k largest scores, with the test behaviour above. */
    @ImleLayer(name = "ClusterTopKLayer", noise = Noise.GUMBEL, samples = 3, structure = Structure.K_SUBSET)
    static int[] topK(float[] theta, int k) throws InterruptedException {
        if (theta[0] == FAIL_MARK && Boolean.getBoolean(FAIL_PROPERTY)) {
            throw new IllegalStateException("failing on purpose on this member");
        }
        if (theta[0] == SLEEP_MARK) {
            Thread.sleep(Integer.getInteger(SLEEP_PROPERTY, 0));
        }
        return TopK.indicator(theta, k);
    }

    /** A solver whose owner cannot be serialised. */
    static final class Owner {
        /** The largest score. */
        @ImleLayer(name = "OwnedArgmaxLayer")
        float[] argmax(float[] theta) {
            float[] solution = new float[theta.length];
            int best = 0;
            for (int i = 1; i < theta.length; i++) {
                best = theta[i] > theta[best] ? i : best;
            }
            solution[best] = 1;
            return solution;
        }
    }
}
