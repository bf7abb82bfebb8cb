package org.imle4j.samples.topk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKProblemTest {

    @Test
    void bIsTheAbsoluteValueOfNormalsThenThetaIsNormalFromTheSameStream() {
        TopKProblem problem = TopKProblem.generate(5, 9, TopKProblem.Init.NORMAL);
        Random random = new Random(9);
        for (int i = 0; i < 5; i++) {
            assertEquals(Math.abs(random.nextGaussian()), problem.b()[i], 0.0);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(random.nextGaussian(), problem.initialTheta()[i], 0.0);
        }
    }

    @Test
    void zeroInitialisationKeepsTheSameTarget() {
        TopKProblem zero = TopKProblem.generate(5, 9, TopKProblem.Init.ZERO);
        assertArrayEquals(new double[5], zero.initialTheta(), 0.0);
        assertArrayEquals(TopKProblem.generate(5, 9, TopKProblem.Init.NORMAL).b(), zero.b(), 0.0);
    }

    @Test
    void sameSeedSameProblemOtherSeedOtherProblem() {
        assertArrayEquals(TopKProblem.generate(10, 4, TopKProblem.Init.NORMAL).initialTheta(),
                TopKProblem.generate(10, 4, TopKProblem.Init.NORMAL).initialTheta(), 0.0);
        assertFalse(Arrays.equals(TopKProblem.generate(10, 4, TopKProblem.Init.NORMAL).b(),
                TopKProblem.generate(10, 5, TopKProblem.Init.NORMAL).b()));
    }
}
