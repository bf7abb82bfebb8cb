package org.imle4j.samples.l2x;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generated data against the formulas of Chen et al. (2018), written out again here. */
class L2xDatasetTest {

    @Test
    void examplesFollowTheFormulasDrawnFromTheSeedsStream() {
        for (L2xDataset dataset : L2xDataset.values()) {
            L2xDataset.Data data = dataset.generate(300, 17);
            Random random = new Random(17);
            for (int e = 0; e < data.size(); e++) {
                double[] x = new double[10];
                for (int i = 0; i < 10; i++) {
                    x[i] = random.nextGaussian();
                }
                boolean orange = dataset == L2xDataset.SWITCH && random.nextBoolean();
                if (dataset == L2xDataset.SWITCH) {
                    x[0] += orange ? 3 : -3;
                }
                double logit = expectedLogit(dataset, x, orange);
                int y = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
                String where = dataset + " example " + e;
                for (int i = 0; i < 10; i++) {
                    assertEquals((float) x[i], data.x()[e][i], 0f, where);
                }
                assertEquals(logit, data.logits()[e], 1e-9 * (1 + Math.abs(logit)), where);
                assertEquals(y, data.y()[e], where);
                assertArrayEquals(expectedImportant(dataset, orange), data.important()[e], where);
            }
        }
    }

    @Test
    void switchFeatureIsAnEvenMixtureCentredAtPlusAndMinusThree() {
        L2xDataset.Data data = L2xDataset.SWITCH.generate(20_000, 8);
        double sum = 0;
        double squares = 0;
        int positive = 0;
        for (float[] x : data.x()) {
            sum += x[0];
            squares += x[0] * x[0];
            positive += x[0] > 0 ? 1 : 0;
        }
        int n = data.size();
        assertEquals(0.5, positive / (double) n, 0.02);
        assertEquals(0, sum / n, 0.15);
        assertEquals(10, squares / n, 0.3);
    }

    @Test
    void labelsAreBernoulliOfTheSigmoidOfTheLogit() {
        for (L2xDataset dataset : L2xDataset.values()) {
            L2xDataset.Data data = dataset.generate(20_000, 23);
            double ones = 0;
            double expected = 0;
            double variance = 0;
            for (int e = 0; e < data.size(); e++) {
                double p = 1 / (1 + Math.exp(-data.logits()[e]));
                ones += data.y()[e];
                expected += p;
                variance += p * (1 - p);
            }
            assertEquals(expected, ones, 5 * Math.sqrt(variance) + 1, dataset.toString());
        }
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        L2xDataset.Data first = L2xDataset.SWITCH.generate(50, 3);
        L2xDataset.Data again = L2xDataset.SWITCH.generate(50, 3);
        assertArrayEquals(first.y(), again.y());
        for (int e = 0; e < 50; e++) {
            assertArrayEquals(first.x()[e], again.x()[e], 0f);
        }
        assertTrue(first.x()[0][0] != L2xDataset.SWITCH.generate(50, 4).x()[0][0]);
    }

    private static double expectedLogit(L2xDataset dataset, double[] x, boolean orange) {
        return switch (dataset) {
            case XOR -> x[0] * x[1];
            case ORANGE_SKIN -> x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 4;
            case NONLINEAR_ADDITIVE -> -100 * Math.sin(0.2 * x[0]) + Math.abs(x[1]) + x[2] + Math.exp(-x[3]) - 2.4;
            case SWITCH -> orange
                    ? x[1] * x[1] + x[2] * x[2] + x[3] * x[3] + x[4] * x[4] - 4
                    : -100 * Math.sin(0.2 * x[5]) + Math.abs(x[6]) + x[7] + Math.exp(-x[8]) - 2.4;
        };
    }

    private static boolean[] expectedImportant(L2xDataset dataset, boolean orange) {
        return switch (dataset) {
            case XOR -> mask(0, 1);
            case ORANGE_SKIN, NONLINEAR_ADDITIVE -> mask(0, 1, 2, 3);
            case SWITCH -> orange ? mask(0, 1, 2, 3, 4) : mask(0, 5, 6, 7, 8);
        };
    }

    private static boolean[] mask(int... features) {
        boolean[] mask = new boolean[10];
        for (int feature : features) {
            mask[feature] = true;
        }
        return mask;
    }
}
