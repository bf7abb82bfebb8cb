package org.imle4j.samples.shortestpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.imle4j.runtime.solvers.GridShortestPath;
import org.junit.jupiter.api.Test;

/** The generated maps against the generator's description: terrain, costs, image and true path. */
class WarcraftMapsTest {
    private static final int GRID = 12;
    private static final int PATCH = 4;

    @Test
    void theSameSeedGivesTheSameMapsWhateverTheCount() {
        List<WarcraftMap> few = new WarcraftMaps(GRID, PATCH, 0.2, 3).training(2);
        List<WarcraftMap> many = new WarcraftMaps(GRID, PATCH, 0.2, 3).training(5);
        for (int m = 0; m < few.size(); m++) {
            assertTrue(Arrays.deepEquals(few.get(m).terrain(), many.get(m).terrain()));
            assertArrayEquals(few.get(m).image(), many.get(m).image());
        }
        WarcraftMap otherSeed = new WarcraftMaps(GRID, PATCH, 0.2, 4).training(1).get(0);
        assertFalse(Arrays.deepEquals(many.get(0).terrain(), otherSeed.terrain()));
        WarcraftMap firstTest = new WarcraftMaps(GRID, PATCH, 0.2, 3).test(1).get(0);
        assertFalse(Arrays.deepEquals(many.get(0).terrain(), firstTest.terrain()), "test maps are not training maps");
    }

    @Test
    void costsAreTheFixedCostsOfTheTerrain() {
        assertEquals(0.8f, Terrain.SAND.cost());
        assertEquals(1f, Terrain.GRASS.cost());
        assertEquals(2f, Terrain.FOREST.cost());
        assertEquals(5f, Terrain.HILLS.cost());
        assertEquals(9f, Terrain.WATER.cost());
        for (WarcraftMap map : new WarcraftMaps(GRID, PATCH, 0.2, 5).training(10)) {
            for (int row = 0; row < GRID; row++) {
                for (int column = 0; column < GRID; column++) {
                    assertEquals(map.terrain()[row][column].cost(), map.cost()[row][column]);
                }
            }
        }
    }

    @Test
    void withoutNoiseEveryPixelHasItsCellsTerrainColour() {
        WarcraftMap map = new WarcraftMaps(GRID, PATCH, 0, 6).training(1).get(0);
        int side = GRID * PATCH;
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    assertEquals(map.terrain()[y / PATCH][x / PATCH].colour(channel),
                            map.image()[(channel * side + y) * side + x]);
                }
            }
        }
    }

    @Test
    void pixelNoiseIsGaussianWithTheGivenDeviationAndPatchesShowTheirTerrain() {
        double sigma = 0.2;
        List<WarcraftMap> maps = new WarcraftMaps(GRID, PATCH, sigma, 7).training(20);
        int side = GRID * PATCH;
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (WarcraftMap map : maps) {
            for (int row = 0; row < GRID; row++) {
                for (int column = 0; column < GRID; column++) {
                    double[] patchMean = new double[3];
                    for (int channel = 0; channel < 3; channel++) {
                        float colour = map.terrain()[row][column].colour(channel);
                        for (int y = row * PATCH; y < (row + 1) * PATCH; y++) {
                            for (int x = column * PATCH; x < (column + 1) * PATCH; x++) {
                                double residual = map.image()[(channel * side + y) * side + x] - colour;
                                sum += residual;
                                squares += residual * residual;
                                count++;
                                patchMean[channel] += (colour + residual) / (PATCH * PATCH);
                            }
                        }
                    }
                    assertEquals(map.terrain()[row][column], nearestTerrain(patchMean),
                            "the mean colour of a patch is nearest to its terrain's colour");
                }
            }
        }
        double mean = sum / count;
        double deviation = Math.sqrt(squares / count - mean * mean);
        assertEquals(0, mean, 5 * sigma / Math.sqrt(count));
        // The standard error of a sample deviation is σ/√(2n).
        assertEquals(sigma, deviation, 5 * sigma / Math.sqrt(2.0 * count));
    }

    @Test
    void theTruePathIsACheapestPathUnderTheTrueCosts() {
        for (WarcraftMap map : new WarcraftMaps(GRID, PATCH, 0.2, 8).training(10)) {
            assertTrue(Arrays.deepEquals(GridShortestPath.vertexWeighted(map.cost()), map.path()));
            assertEquals(1, map.path()[0][0]);
            assertEquals(1, map.path()[GRID - 1][GRID - 1]);
            assertEquals(cheapestByRelaxation(map.cost()), map.optimalCost(), 1e-4);
        }
    }

    @Test
    void neighbouringCellsShareTheirTerrainFarMoreOftenThanShuffledCells() {
        List<WarcraftMap> maps = new WarcraftMaps(GRID, PATCH, 0.2, 9).training(20);
        Random random = new Random(9);
        double sameNeighbours = 0;
        double sameShuffled = 0;
        for (WarcraftMap map : maps) {
            sameNeighbours += sameTerrainNeighbours(map.terrain());
            List<Terrain> cells = new ArrayList<>();
            for (Terrain[] row : map.terrain()) {
                cells.addAll(Arrays.asList(row));
            }
            Collections.shuffle(cells, random);
            Terrain[][] shuffled = new Terrain[GRID][GRID];
            for (int i = 0; i < cells.size(); i++) {
                shuffled[i / GRID][i % GRID] = cells.get(i);
            }
            sameShuffled += sameTerrainNeighbours(shuffled);
        }
        assertTrue(sameNeighbours > 1.8 * sameShuffled, sameNeighbours + " vs shuffled " + sameShuffled);
    }

    @Test
    void terrainFollowsTheThresholdsOnElevationAndMoisture() {
        assertEquals(Terrain.WATER, WarcraftMaps.classify(-1.0, 2.0));
        assertEquals(Terrain.HILLS, WarcraftMaps.classify(1.0, -2.0));
        assertEquals(Terrain.FOREST, WarcraftMaps.classify(0.0, 0.6));
        assertEquals(Terrain.SAND, WarcraftMaps.classify(0.0, -0.9));
        assertEquals(Terrain.GRASS, WarcraftMaps.classify(0.5, 0.0));
    }

    @Test
    void smoothedFieldsAreStandardised() {
        double[][] field = WarcraftMaps.smoothField(new SplittableRandom(10), GRID);
        double sum = 0;
        double squares = 0;
        for (double[] row : field) {
            for (double value : row) {
                sum += value;
                squares += value * value;
            }
        }
        int cells = GRID * GRID;
        assertEquals(0, sum / cells, 1e-12);
        assertEquals(1, squares / cells, 1e-12);
    }

    private static Terrain nearestTerrain(double[] rgb) {
        Terrain nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (Terrain terrain : Terrain.values()) {
            double distance = 0;
            for (int channel = 0; channel < 3; channel++) {
                distance += Math.pow(rgb[channel] - terrain.colour(channel), 2);
            }
            if (distance < best) {
                best = distance;
                nearest = terrain;
            }
        }
        return nearest;
    }

    /** Bellman-Ford style relaxation over 8-neighbour moves, independent of the Dijkstra under test. */
    private static double cheapestByRelaxation(float[][] cost) {
        int rows = cost.length;
        int columns = cost[0].length;
        double[][] distance = new double[rows][columns];
        for (double[] row : distance) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        distance[0][0] = cost[0][0];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    for (int dr = -1; dr <= 1; dr++) {
                        for (int dc = -1; dc <= 1; dc++) {
                            int pr = r + dr;
                            int pc = c + dc;
                            if ((dr != 0 || dc != 0) && pr >= 0 && pr < rows && pc >= 0 && pc < columns
                                    && distance[pr][pc] + cost[r][c] < distance[r][c] - 1e-9) {
                                distance[r][c] = distance[pr][pc] + cost[r][c];
                                changed = true;
                            }
                        }
                    }
                }
            }
        }
        return distance[rows - 1][columns - 1];
    }

    private static int sameTerrainNeighbours(Terrain[][] terrain) {
        int same = 0;
        for (int r = 0; r < terrain.length; r++) {
            for (int c = 0; c < terrain.length; c++) {
                if (c + 1 < terrain.length && terrain[r][c] == terrain[r][c + 1]) {
                    same++;
                }
                if (r + 1 < terrain.length && terrain[r][c] == terrain[r + 1][c]) {
                    same++;
                }
            }
        }
        return same;
    }
}
