package org.imle4j.runtime.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.Set;
import org.imle4j.runtime.estimator.ExponentialFamily;
import org.junit.jupiter.api.Test;

/** Enumeration and exact expectations of the k-subset family against brute force and the runtime's family. */
class KSubsetsTest {
    private static final double[] THETA = {0.3, -1.2, 0.8, 0.0, 1.5, -0.4, 0.9};
    private static final double[] B = {0.2, 1.1, 0.0, 0.7, 1.9, 0.4, 0.05};

    @Test
    void enumeratesEverySubsetOfSizeKOnce() {
        KSubsets subsets = KSubsets.of(7, 3);
        assertEquals(35, subsets.size());
        Set<Integer> seen = new HashSet<>();
        for (int s = 0; s < subsets.size(); s++) {
            assertEquals(3, Integer.bitCount(subsets.mask(s)));
            assertEquals(0, subsets.mask(s) >>> 7);
            seen.add(subsets.mask(s));
        }
        assertEquals(35, seen.size());
        assertEquals(184_756, KSubsets.of(20, 10).size());
    }

    @Test
    void squaredDistancesAreTheDirectSums() {
        KSubsets subsets = KSubsets.of(7, 3);
        double[] losses = subsets.squaredDistances(B);
        for (int s = 0; s < subsets.size(); s++) {
            double direct = 0;
            for (int i = 0; i < 7; i++) {
                double zi = (subsets.mask(s) >>> i) & 1;
                direct += (zi - B[i]) * (zi - B[i]);
            }
            assertEquals(direct, losses[s], 1e-12);
        }
    }

    @Test
    void marginalsMatchTheRuntimeFamilysDynamicProgramme() {
        double[] marginals = KSubsets.of(7, 3).marginals(THETA);
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] expected = ExponentialFamily.kSubset(3)
                    .marginals(manager.create(THETA, new Shape(1, 7)))
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            assertArrayEquals(expected, marginals, 1e-9);
        }
        double total = 0;
        for (double m : marginals) {
            total += m;
        }
        assertEquals(3, total, 1e-12);
    }

    @Test
    void gradientOfExpectationMatchesCentralDifferences() {
        KSubsets subsets = KSubsets.of(7, 3);
        double[] losses = subsets.squaredDistances(B);
        double[] gradient = subsets.gradientOfExpectation(THETA, losses);
        double step = 1e-5;
        for (int i = 0; i < 7; i++) {
            double[] up = THETA.clone();
            double[] down = THETA.clone();
            up[i] += step;
            down[i] -= step;
            double difference = (subsets.expectation(up, losses) - subsets.expectation(down, losses)) / (2 * step);
            assertEquals(difference, gradient[i], 1e-7, "coordinate " + i);
        }
    }

    @Test
    void forOneItemTheFamilyIsTheSoftmaxAndItsGradientTheSoftmaxJacobian() {
        double[] theta = {0.4, -0.9, 1.3};
        double[] c = {1.0, -2.0, 0.5};
        double[] p = {Math.exp(0.4), Math.exp(-0.9), Math.exp(1.3)};
        double total = p[0] + p[1] + p[2];
        double pc = 0;
        for (int i = 0; i < 3; i++) {
            p[i] /= total;
            pc += p[i] * c[i];
        }
        KSubsets subsets = KSubsets.of(3, 1);
        assertArrayEquals(p, subsets.marginals(theta), 1e-15);
        double[] gradient = subsets.gradientOfExpectation(theta, subsets.linear(c));
        for (int i = 0; i < 3; i++) {
            // ∂/∂θ_i Σ_j p_j c_j = p_i (c_i − ⟨p, c⟩)
            assertEquals(p[i] * (c[i] - pc), gradient[i], 1e-15, "coordinate " + i);
        }
    }

    @Test
    void rejectsSizesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> KSubsets.of(5, 6));
        assertThrows(IllegalArgumentException.class, () -> KSubsets.of(31, 2));
        assertThrows(IllegalArgumentException.class, () -> KSubsets.of(30, 15));
        assertThrows(IllegalArgumentException.class, () -> KSubsets.of(4, 2).marginals(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> KSubsets.of(4, 2).expectation(new double[4],
                new double[5]));
    }
}
