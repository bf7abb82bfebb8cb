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
                boolean switched = dataset == L2xDataset.SWITCH_PAPER || dataset == L2xDataset.SWITCH_CODE;
                boolean orange = switched && random.nextBoolean();
                if (switched) {
                    x[dataset == L2xDataset.SWITCH_PAPER ? 0 : 9] += orange ? 3 : -3;
                }
                double logit = expectedLogit(dataset, x, orange);
                if (dataset == L2xDataset.SWITCH_CODE && !orange) {
                    // The code's swap of two NumPy views copies x1..x4 into x5..x8 and leaves x1..x4 as they were.
                    for (int i = 0; i < 4; i++) {
                        x[4 + i] = x[i];
                    }
                }
                int y = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
                String where = dataset + " example " + e;
                for (int i = 0; i < 10; i++) {
                    assertEquals((float) x[i], data.x()[e][i], 0f, where);
                }
                assertEquals(logit, data.logits()[e], 1e-9 * (1 + Math.abs(logit)), where);
                assertEquals(y, data.y()[e], where);
                assertArrayEquals(expectedImportant(dataset, orange), data.important()[e], where);
                int[] twins = dataset == L2xDataset.SWITCH_CODE && !orange ? new int[] {4, 5, 6, 7, 0, 1, 2, 3, -1, -1}
                        : new int[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
                assertArrayEquals(twins, data.twins()[e], where);
            }
        }
    }

    @Test
    void switchFeatureIsAnEvenMixtureCentredAtPlusAndMinusThree() {
        for (L2xDataset dataset : new L2xDataset[] {L2xDataset.SWITCH_PAPER, L2xDataset.SWITCH_CODE}) {
            int feature = dataset == L2xDataset.SWITCH_PAPER ? 0 : 9;
            L2xDataset.Data data = dataset.generate(20_000, 8);
            double sum = 0;
            double squares = 0;
            int positive = 0;
            for (float[] x : data.x()) {
                sum += x[feature];
                squares += x[feature] * x[feature];
                positive += x[feature] > 0 ? 1 : 0;
            }
            int n = data.size();
            // Five standard errors: of a share 0.5, of a mean with variance 10, of a mean square with variance 54.
            assertEquals(0.5, positive / (double) n, 5 * Math.sqrt(0.25 / n), dataset.toString());
            assertEquals(0, sum / n, 5 * Math.sqrt(10.0 / n), dataset.toString());
            assertEquals(10, squares / n, 5 * Math.sqrt(54.0 / n), dataset.toString());
        }
    }

    @Test
    void codeLayoutCopiesTheAdditiveBranchsFeaturesAndMarksTheCopiesImportant() {
        L2xDataset.Data data = L2xDataset.SWITCH_CODE.generate(2000, 5);
        int additive = 0;
        for (int e = 0; e < data.size(); e++) {
            float[] x = data.x()[e];
            if (!data.important()[e][0]) {
                additive++;
                for (int i = 0; i < 4; i++) {
                    assertEquals(x[i], x[4 + i], 0f, "example " + e);
                }
                assertArrayEquals(mask(4, 5, 6, 7, 9), data.important()[e]);
            } else {
                assertArrayEquals(mask(0, 1, 2, 3, 9), data.important()[e]);
            }
        }
        assertTrue(additive > 0 && additive < data.size());
    }

    @Test
    void activationsAndIdealRanksFollowTheCode() {
        assertEquals(false, L2xDataset.XOR.selu());
        assertEquals(false, L2xDataset.ORANGE_SKIN.selu());
        assertEquals(true, L2xDataset.NONLINEAR_ADDITIVE.selu());
        assertEquals(true, L2xDataset.SWITCH_CODE.selu());
        assertEquals(true, L2xDataset.SWITCH_PAPER.selu());
        assertEquals(1.5, L2xDataset.XOR.idealMedianRank());
        assertEquals(3.0, L2xDataset.SWITCH_CODE.idealMedianRank());
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
        L2xDataset.Data first = L2xDataset.SWITCH_PAPER.generate(50, 3);
        L2xDataset.Data again = L2xDataset.SWITCH_PAPER.generate(50, 3);
        assertArrayEquals(first.y(), again.y());
        for (int e = 0; e < 50; e++) {
            assertArrayEquals(first.x()[e], again.x()[e], 0f);
        }
        assertTrue(first.x()[0][0] != L2xDataset.SWITCH_PAPER.generate(50, 4).x()[0][0]);
    }

    private static double expectedLogit(L2xDataset dataset, double[] x, boolean orange) {
        return switch (dataset) {
            case XOR -> x[0] * x[1];
            case ORANGE_SKIN -> x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 4;
            case NONLINEAR_ADDITIVE -> -100 * Math.sin(0.2 * x[0]) + Math.abs(x[1]) + x[2] + Math.exp(-x[3]) - 2.4;
            case SWITCH_PAPER -> orange
                    ? x[1] * x[1] + x[2] * x[2] + x[3] * x[3] + x[4] * x[4] - 4
                    : -100 * Math.sin(0.2 * x[5]) + Math.abs(x[6]) + x[7] + Math.exp(-x[8]) - 2.4;
            case SWITCH_CODE -> orange
                    ? x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 4
                    : -100 * Math.sin(0.2 * x[0]) + Math.abs(x[1]) + x[2] + Math.exp(-x[3]) - 2.4;
        };
    }

    private static boolean[] expectedImportant(L2xDataset dataset, boolean orange) {
        return switch (dataset) {
            case XOR -> mask(0, 1);
            case ORANGE_SKIN, NONLINEAR_ADDITIVE -> mask(0, 1, 2, 3);
            case SWITCH_PAPER -> orange ? mask(0, 1, 2, 3, 4) : mask(0, 5, 6, 7, 8);
            case SWITCH_CODE -> orange ? mask(0, 1, 2, 3, 9) : mask(4, 5, 6, 7, 9);
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
