package org.imle4j.samples.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FidelityProblemTest {

    @Test
    void thetaIsStandardNormalThenBIsItsAbsoluteValueFromTheSameStream() {
        FidelityProblem problem = FidelityProblem.generate(6, 42);
        Random random = new Random(42);
        for (int i = 0; i < 6; i++) {
            assertEquals(random.nextGaussian(), problem.theta()[i], 0.0);
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(Math.abs(random.nextGaussian()), problem.b()[i], 0.0);
        }
    }

    @Test
    void sameSeedSameProblemOtherSeedOtherProblem() {
        FidelityProblem first = FidelityProblem.generate(10, 7);
        FidelityProblem again = FidelityProblem.generate(10, 7);
        assertArrayEquals(first.theta(), again.theta(), 0.0);
        assertArrayEquals(first.b(), again.b(), 0.0);
        assertFalse(Arrays.equals(first.theta(), FidelityProblem.generate(10, 8).theta()));
    }

    @Test
    void momentsFollowTheFormulas() {
        int n = 20_000;
        FidelityProblem problem = FidelityProblem.generate(n, 3);
        double thetaMean = Arrays.stream(problem.theta()).average().orElseThrow();
        double thetaVariance = Arrays.stream(problem.theta()).map(t -> t * t).average().orElseThrow();
        double bMean = Arrays.stream(problem.b()).average().orElseThrow();
        assertEquals(0, thetaMean, 4 / Math.sqrt(n));
        assertEquals(1, thetaVariance, 4 * Math.sqrt(2.0 / n));
        // E|N(0, 1)| = √(2/π), standard deviation √(1 − 2/π).
        assertEquals(Math.sqrt(2 / Math.PI), bMean, 4 * Math.sqrt((1 - 2 / Math.PI) / n));
        assertTrue(Arrays.stream(problem.b()).allMatch(b -> b >= 0));
    }
}
