package org.imle4j.samples.aspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The explainer's scores: standardised over a review's tokens, padding below them on the same scale. */
class AspectModelTest {
    @Test
    void scoresAreStandardisedOverTheTokensAndPaddingRanksARangeBelowThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[][] raw = {{3, 1, 5, 2, 4, 7, 7}, {0.5f, -1, 9, 9, 9, 9, 9}};
            long[][] ids = {{2, 3, 4, 5, 6, Vocabulary.PADDING, Vocabulary.PADDING},
                {Vocabulary.PADDING, Vocabulary.PADDING, Vocabulary.PADDING, Vocabulary.PADDING,
                    Vocabulary.PADDING, Vocabulary.PADDING, Vocabulary.PADDING}};
            float[] theta = AspectModel.normalised(manager.create(raw), manager.create(ids)).toFloatArray();
            // Tokens 3, 1, 5, 2, 4: mean 3, variance 2 (+ the floor 10⁻⁶); padding at 2·min − max = 2·(−2) − 2.
            double sd = Math.sqrt(2 + 1e-6);
            float[] tokens = new float[] {0, -2, 2, -1, 1};
            float[] expected = new float[14];
            for (int position = 0; position < tokens.length; position++) {
                expected[position] = (float) (tokens[position] / sd);
            }
            expected[5] = (float) (-6 / sd);
            expected[6] = (float) (-6 / sd);
            // float32 arithmetic on values of order 1; a review without tokens scores 0 everywhere.
            assertArrayEquals(expected, theta, 1e-5f);
        }
    }
}
