package org.imle4j.runtime.solvers;

import static org.imle4j.runtime.testing.Failures.assertRejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AssignmentTest {
    private static final int[][] RECTANGULAR_SHAPES = {{3, 5}, {5, 3}, {1, 4}, {4, 1}, {2, 6}, {6, 2}};

    @Test
    void matchesTheBestOfAllPermutationsOnSquareMatrices() {
        Random random = new Random(61);
        for (int instance = 0; instance < 360; instance++) {
            int n = 1 + instance % 6;
            assertOptimal(randomWeights(random, n, n), "instance " + instance);
        }
    }

    @Test
    void matchesTheBestOfAllInjectionsOnRectangularMatrices() {
        Random random = new Random(62);
        for (int instance = 0; instance < 360; instance++) {
            int[] shape = RECTANGULAR_SHAPES[instance % RECTANGULAR_SHAPES.length];
            assertOptimal(randomWeights(random, shape[0], shape[1]), "instance " + instance);
        }
    }

    @Test
    void pairsEachRowWithItsHeaviestColumnWhenThoseDiffer() {
        float[][] weights = {{1f, 9f, 2f}, {8f, 1f, 1f}, {0f, 2f, 7f}};
        assertArrayEquals(new int[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}}, Assignment.maximumWeight(weights));
    }

    @Test
    void rejectsAMatrixWithoutRows() {
        assertRejects("weights has no rows", () -> Assignment.maximumWeight(new float[0][]));
    }

    @Test
    void rejectsAMatrixWithEmptyRows() {
        assertRejects("weights has empty rows", () -> Assignment.maximumWeight(new float[3][0]));
    }

    @Test
    void rejectsARaggedMatrix() {
        assertRejects("weights is ragged: weights[2] has length 3",
                () -> Assignment.maximumWeight(new float[][] {{1f, 2f}, {3f, 4f}, {5f, 6f, 7f}}));
    }

    @Test
    void rejectsNaNNamingItsEntry() {
        assertRejects("weights[1][0] is NaN",
                () -> Assignment.maximumWeight(new float[][] {{1f, 2f}, {Float.NaN, 4f}}));
    }

    @Test
    void rejectsInfiniteWeights() {
        assertRejects("weights must be finite",
                () -> Assignment.maximumWeight(new float[][] {{1f, Float.NEGATIVE_INFINITY}}));
    }

    private static void assertOptimal(float[][] weights, String instance) {
        int rows = weights.length;
        int columns = weights[0].length;
        String context = instance + ", weights " + Arrays.deepToString(weights);
        int[][] z = Assignment.maximumWeight(weights);

        assertEquals(rows, z.length, context);
        int[] onesInColumn = new int[columns];
        int ones = 0;
        double objective = 0;
        for (int row = 0; row < rows; row++) {
            assertEquals(columns, z[row].length, context);
            int onesInRow = 0;
            for (int column = 0; column < columns; column++) {
                assertTrue(z[row][column] == 0 || z[row][column] == 1, context);
                onesInRow += z[row][column];
                onesInColumn[column] += z[row][column];
                objective += z[row][column] * weights[row][column];
            }
            assertTrue(onesInRow <= 1, context + ": row " + row + " is matched twice");
            ones += onesInRow;
        }
        for (int column = 0; column < columns; column++) {
            assertTrue(onesInColumn[column] <= 1, context + ": column " + column + " is matched twice");
        }
        assertEquals(Math.min(rows, columns), ones, context);

        double best = bestInjection(weights, 0, new boolean[Math.max(rows, columns)], 0);
        assertEquals(best, objective, 1e-4 * Math.max(1, Math.abs(best)), context);
    }

    /** Best total weight over every way to give each index of the smaller side its own index of the larger side. */
    private static double bestInjection(float[][] weights, int small, boolean[] largeUsed, double weightSoFar) {
        boolean rowsAreSmaller = weights.length <= weights[0].length;
        int smallSide = rowsAreSmaller ? weights.length : weights[0].length;
        if (small == smallSide) {
            return weightSoFar;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int large = 0; large < largeUsed.length; large++) {
            if (largeUsed[large]) {
                continue;
            }
            float weight = rowsAreSmaller ? weights[small][large] : weights[large][small];
            largeUsed[large] = true;
            best = Math.max(best, bestInjection(weights, small + 1, largeUsed, weightSoFar + weight));
            largeUsed[large] = false;
        }
        return best;
    }

    /** Weights in [−5, 5), small integers half of the time so that ties are common. */
    private static float[][] randomWeights(Random random, int rows, int columns) {
        boolean withTies = random.nextBoolean();
        float[][] weights = new float[rows][columns];
        for (float[] row : weights) {
            for (int column = 0; column < columns; column++) {
                row[column] = withTies ? random.nextInt(4) - 2 : random.nextFloat() * 10 - 5;
            }
        }
        return weights;
    }
}
