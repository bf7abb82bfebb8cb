package org.imle4j.runtime.estimator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each family's marginals, draws and scores against the law {@code p(z) ∝ exp⟨z, φ⟩} enumerated over all binary
 * vectors. Every test uses two examples with different φ, so that a mix-up of rows or samples shows.
 *
 * <p>Frequencies: the count of a state with probability p among N exact draws is Binomial(N, p), so its frequency has
 * standard error {@code √(p(1 − p)/N)}; the tolerance is five of those.
 */
class ExponentialFamilyTest {
    private static final int DRAWS = 200_000;
    private static final double[][] PHI_OF_EIGHT = {
        {0.8, -0.4, 0.3, 1.1, -1.0, 0.0, 0.5, -0.2},
        {-1.5, 0.2, 2.0, -0.3, 0.6, 1.0, -0.8, 0.1},
    };

    private NDManager manager;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(1992);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void categoricalMarginalsAreTheEnumeratedOnes() {
        assertMarginals(ExponentialFamily.categorical(), PHI_OF_EIGHT, EnumeratedLaw::categorical);
    }

    @Test
    void bernoulliMarginalsAreTheEnumeratedOnes() {
        assertMarginals(ExponentialFamily.bernoulli(), PHI_OF_EIGHT, EnumeratedLaw::bernoulli);
    }

    @Test
    void kSubsetMarginalsAreTheEnumeratedOnes() {
        assertMarginals(ExponentialFamily.kSubset(3), PHI_OF_EIGHT, phi -> EnumeratedLaw.kSubset(phi, 3));
    }

    @Test
    void kSubsetMarginalsStayExactForWeightsBeyondDoubleRange() {
        // e^700 and e^-700 overflow or underflow a double: only log-space polynomials get these right.
        double[][] phi = {
            {700, -700, 350, 0, 5, 690, -20, 20},
            {1e-3, 0, -1e-3, 2e-3, -2e-3, 0, 1e-3, 0},
        };
        assertMarginals(ExponentialFamily.kSubset(3), phi, row -> EnumeratedLaw.kSubset(row, 3));
    }

    @Test
    void categoricalDrawsFollowTheEnumeratedLaw() {
        double[][] phi = {{0.5, -1.0, 1.5, 0.0, 0.3}, {-0.2, 0.9, 0.1, -1.3, 0.4}};
        assertFrequencies(ExponentialFamily.categorical(), phi, EnumeratedLaw::categorical);
    }

    @Test
    void bernoulliDrawsFollowTheEnumeratedLaw() {
        double[][] phi = {{0.5, -1.0, 1.5, 0.0}, {-0.2, 0.9, 2.1, -1.3}};
        assertFrequencies(ExponentialFamily.bernoulli(), phi, EnumeratedLaw::bernoulli);
    }

    @Test
    void kSubsetDrawsFollowTheEnumeratedLaw() {
        double[][] phi = {{0.8, -0.4, 0.3, 1.1, -1.0, 0.0}, {-1.5, 0.2, 2.0, -0.3, 0.6, 1.0}};
        assertFrequencies(ExponentialFamily.kSubset(3), phi, row -> EnumeratedLaw.kSubset(row, 3));
    }

    @Test
    void kSubsetScoreIsTheGradientOfTheEnumeratedLogProbability() {
        double[] phi = PHI_OF_EIGHT[0];
        int state = 0b1001_0100;
        NDArray score = ExponentialFamily.kSubset(3).scoreGradient(array(new double[][] {phi}),
                manager.create(EnumeratedLaw.vector(state, phi.length), new Shape(1, 1, phi.length)));
        double[] actual = score.toDoubleArray();
        double step = 1e-5;
        for (int i = 0; i < phi.length; i++) {
            double[] up = phi.clone();
            double[] down = phi.clone();
            up[i] += step;
            down[i] -= step;
            double centralDifference = (Math.log(EnumeratedLaw.kSubset(up, 3).probability(state))
                    - Math.log(EnumeratedLaw.kSubset(down, 3).probability(state))) / (2 * step);
            assertEquals(centralDifference, actual[i], 1e-8, "coordinate " + i);
        }
    }

    @Test
    void drawsRepeatWithTheEngineSeed() {
        NDArray phi = array(PHI_OF_EIGHT);
        for (ExponentialFamily family : new ExponentialFamily[] {
            ExponentialFamily.categorical(), ExponentialFamily.bernoulli(), ExponentialFamily.kSubset(3)
        }) {
            Engine.getInstance().setRandomSeed(7);
            double[] first = family.sample(phi, 50).toDoubleArray();
            Engine.getInstance().setRandomSeed(7);
            double[] again = family.sample(phi, 50).toDoubleArray();
            double[] other = family.sample(phi, 50).toDoubleArray();
            assertArrayEquals(first, again, family.toString());
            assertFalse(Arrays.equals(first, other), family.toString());
        }
    }

    @Test
    void kSubsetRejectsImpossibleSizes() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> ExponentialFamily.kSubset(0));
        assertEquals("k of the k-subset family must be at least 1, but was 0", zero.getMessage());
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
                () -> ExponentialFamily.kSubset(3).sample(manager.zeros(new Shape(4, 2)), 1));
        assertEquals("the k-subset(k=3) family needs at least 3 items per example, but φ has shape (4, 2)",
                tooFew.getMessage());
    }

    private void assertMarginals(ExponentialFamily family, double[][] phi, Function<double[], EnumeratedLaw> law) {
        double[] actual = family.marginals(array(phi)).toDoubleArray();
        int n = phi[0].length;
        for (int example = 0; example < phi.length; example++) {
            double[] expected = law.apply(phi[example]).marginals();
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], actual[example * n + i], 1e-12, "example " + example + ", item " + i);
            }
        }
    }

    private void assertFrequencies(ExponentialFamily family, double[][] phi, Function<double[], EnumeratedLaw> law) {
        int n = phi[0].length;
        float[] draws = family.sample(array(phi), DRAWS).toType(DataType.FLOAT32, false).toFloatArray();
        for (int example = 0; example < phi.length; example++) {
            EnumeratedLaw exact = law.apply(phi[example]);
            int[] counts = new int[exact.states()];
            for (int s = 0; s < DRAWS; s++) {
                counts[EnumeratedLaw.mask(draws, (example * DRAWS + s) * n, n)]++;
            }
            for (int state = 0; state < counts.length; state++) {
                double p = exact.probability(state);
                if (p == 0) {
                    assertEquals(0, counts[state], "example " + example + " drew state " + state + " outside the set");
                    continue;
                }
                double tolerance = 5 * Math.sqrt(p * (1 - p) / DRAWS);
                assertEquals(p, counts[state] / (double) DRAWS, tolerance, "example " + example + ", state " + state);
            }
        }
    }

    private NDArray array(double[][] rows) {
        return manager.create(rows);
    }
}
