package org.imle4j.samples.pyepo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.imle4j.runtime.solvers.GridDagShortestPath;
import org.imle4j.samples.pyepo.ShortestPathData.Samples;
import org.junit.jupiter.api.Test;

/** PyEPO's generator against its formula, its distributions and brute-force optimal paths. */
class ShortestPathDataTest {

    @Test
    void costsFollowTheFormulaFromFeaturesBasisAndNoise() {
        for (int degree : new int[] {1, 2, 4, 6}) {
            ShortestPathData data = new ShortestPathData(5, 5, 5, degree, 0.5, 7);
            Samples samples = data.next(20);
            int[][] basis = data.basis();
            assertEquals(40, basis.length);
            for (int i = 0; i < samples.size(); i += 4) {
                for (int j = 0; j < 40; j++) {
                    double bx = 0;
                    for (int k = 0; k < 5; k++) {
                        bx += basis[j][k] * samples.features()[i][k];
                    }
                    double expected = (Math.pow(bx / Math.sqrt(5) + 3, degree) + 1) / Math.pow(3.5, degree)
                            * samples.noise()[i][j];
                    assertEquals(expected, samples.costs()[i][j], 1e-6 * Math.abs(expected),
                            "deg " + degree + ", sample " + i + ", arc " + j);
                }
            }
        }
    }

    @Test
    void noiseIsUniformOnItsIntervalAndAbsentForHalfWidthZero() {
        double halfWidth = 0.5;
        Samples samples = new ShortestPathData(5, 5, 5, 2, halfWidth, 8).next(2000);
        double sum = 0;
        double squares = 0;
        int count = 0;
        for (double[] row : samples.noise()) {
            for (double epsilon : row) {
                assertTrue(epsilon >= 1 - halfWidth && epsilon <= 1 + halfWidth, "ε = " + epsilon);
                sum += epsilon;
                squares += epsilon * epsilon;
                count++;
            }
        }
        double variance = halfWidth * halfWidth / 3;
        assertEquals(1, sum / count, 5 * Math.sqrt(variance / count));
        assertEquals(variance, squares / count - Math.pow(sum / count, 2), 0.02 * variance);
        for (double[] row : new ShortestPathData(5, 5, 5, 2, 0, 8).next(10).noise()) {
            for (double epsilon : row) {
                assertEquals(1.0, epsilon);
            }
        }
    }

    @Test
    void featuresAreStandardNormalAndTheBasisIsBernoulliHalf() {
        ShortestPathData data = new ShortestPathData(5, 5, 5, 1, 0, 9);
        double sum = 0;
        double squares = 0;
        int count = 0;
        for (double[] x : data.next(5000).features()) {
            for (double value : x) {
                sum += value;
                squares += value * value;
                count++;
            }
        }
        assertEquals(0, sum / count, 5 / Math.sqrt(count));
        assertEquals(1, squares / count, 5 * Math.sqrt(2.0 / count));
        int ones = 0;
        for (int[] row : data.basis()) {
            for (int entry : row) {
                assertTrue(entry == 0 || entry == 1);
                ones += entry;
            }
        }
        // 200 Bernoulli(0.5) entries: standard deviation of the count √50 ≈ 7.
        assertEquals(100, ones, 35);
    }

    @Test
    void theSameSeedGivesTheSameDataAndTheStreamContinuesAcrossCalls() {
        ShortestPathData whole = new ShortestPathData(5, 5, 5, 4, 0.5, 10);
        ShortestPathData parts = new ShortestPathData(5, 5, 5, 4, 0.5, 10);
        int[][] basis = parts.basis();
        Samples all = whole.next(10);
        Samples first = parts.next(6);
        Samples second = parts.next(4);
        assertTrue(Arrays.deepEquals(basis, parts.basis()), "drawing samples leaves B alone");
        assertTrue(Arrays.deepEquals(whole.basis(), basis));
        for (int i = 0; i < 10; i++) {
            Samples part = i < 6 ? first : second;
            int row = i < 6 ? i : i - 6;
            assertArrayEquals(all.features()[i], part.features()[row]);
            assertArrayEquals(all.costs()[i], part.costs()[row]);
        }
        ShortestPathData other = new ShortestPathData(5, 5, 5, 4, 0.5, 11);
        assertFalse(Arrays.deepEquals(basis, other.basis()) && Arrays.equals(all.costs()[0], other.next(1).costs()[0]));
    }

    @Test
    void optimalPathsAreTheCheapestOfAllMonotonePaths() {
        Samples samples = new ShortestPathData(5, 5, 5, 6, 0.5, 12).next(25);
        List<int[]> paths = allPaths(5, 5);
        assertEquals(70, paths.size(), "C(8, 4) right/down paths on a 5 × 5 grid");
        for (int i = 0; i < samples.size(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int[] path : paths) {
                best = Math.min(best, DflDataset.dot(samples.costs()[i], path));
            }
            assertEquals(best, samples.optima()[i], 1e-9);
            assertEquals(best, DflDataset.dot(samples.costs()[i], samples.paths()[i]), 1e-9);
            assertEquals(8, Arrays.stream(samples.paths()[i]).sum());
        }
    }

    @Test
    void normalisedRegretIsZeroForTheTrueCostsAndSumsExcessOverSummedOptima() {
        Samples samples = new ShortestPathData(5, 5, 5, 4, 0.5, 13).next(30);
        assertEquals(0, samples.normalisedRegret(samples.costs(), 5, 5), 1e-12);
        float[][] reversed = new float[samples.size()][];
        double excess = 0;
        double optima = 0;
        for (int i = 0; i < samples.size(); i++) {
            reversed[i] = samples.costs()[i].clone();
            for (int j = 0; j < reversed[i].length; j++) {
                reversed[i][j] = -reversed[i][j];
            }
            excess += DflDataset.dot(samples.costs()[i], GridDagShortestPath.arcs(reversed[i], 5, 5))
                    - samples.optima()[i];
            optima += Math.abs(samples.optima()[i]);
        }
        double regret = samples.normalisedRegret(reversed, 5, 5);
        assertEquals(excess / optima, regret, 1e-12);
        assertTrue(regret > 0.5, "the most expensive paths are far from optimal: " + regret);
    }

    /** Every path of right and down arcs from the top-left to the bottom-right node, as arc indicators. */
    private static List<int[]> allPaths(int rows, int cols) {
        int[][] arcs = GridDagShortestPath.arcList(rows, cols);
        List<int[]> paths = new ArrayList<>();
        extend(0, rows * cols - 1, new int[arcs.length], arcs, paths);
        return paths;
    }

    private static void extend(int node, int target, int[] path, int[][] arcs, List<int[]> paths) {
        if (node == target) {
            paths.add(path.clone());
            return;
        }
        for (int arc = 0; arc < arcs.length; arc++) {
            if (arcs[arc][0] == node) {
                path[arc] = 1;
                extend(arcs[arc][1], target, path, arcs, paths);
                path[arc] = 0;
            }
        }
    }
}
