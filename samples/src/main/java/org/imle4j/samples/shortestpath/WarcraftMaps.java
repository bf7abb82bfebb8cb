package org.imle4j.samples.shortestpath;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.imle4j.runtime.solvers.GridShortestPath;

/**
 * Generates Warcraft-like maps (after the benchmark of Vlastelica et al., "Differentiation of Blackbox Combinatorial
 * Solvers", ICLR 2020) without downloading anything.
 *
 * <p>Terrain: two independent fields, elevation e and moisture m, each grid × grid standard normal values smoothed
 * by {@value #SMOOTHING_PASSES} passes of a 3 × 3 mean filter (neighbours outside the grid left out) and then
 * standardised over the map, so that neighbouring cells are alike. A cell is {@link Terrain#WATER} where
 * {@code e < −}{@value #WATER_BELOW}, {@link Terrain#HILLS} where {@code e > }{@value #HILLS_ABOVE}, and otherwise
 * {@link Terrain#FOREST} where {@code m > }{@value #FOREST_ABOVE}, {@link Terrain#SAND} where
 * {@code m < −}{@value #SAND_BELOW}, {@link Terrain#GRASS} elsewhere.
 *
 * <p>Image: each cell is a patch × patch block of pixels of its terrain's colour plus independent Gaussian noise of
 * standard deviation {@code pixelNoise} on every channel of every pixel (not clipped).
 *
 * <p>Map i of a generator is a function of (seed, i) only: the same seed gives the same maps, and the training and
 * test maps come from disjoint index ranges whatever their counts.
 */
public final class WarcraftMaps {
    static final int SMOOTHING_PASSES = 2;
    static final double WATER_BELOW = 0.9;
    static final double HILLS_ABOVE = 0.9;
    static final double FOREST_ABOVE = 0.5;
    static final double SAND_BELOW = 0.8;
    /** Test maps start here, far beyond any training set. */
    private static final long TEST_OFFSET = 1L << 40;

    private final int grid;
    private final int patch;
    private final double pixelNoise;
    private final long seed;

    /**
     * A generator of maps of {@code grid × grid} cells, rendered as {@code [3, grid·patch, grid·patch]} images.
     *
     * @param grid cells per side, at least 2
     * @param patch pixels per cell side, at least 1
     * @param pixelNoise standard deviation of the pixel noise, non-negative
     * @param seed the seed of all maps
     * @throws IllegalArgumentException if a value is out of its range
     */
    public WarcraftMaps(int grid, int patch, double pixelNoise, long seed) {
        if (grid < 2) {
            throw new IllegalArgumentException("grid must be at least 2, but was " + grid);
        }
        if (patch < 1) {
            throw new IllegalArgumentException("patch must be at least 1, but was " + patch);
        }
        if (!(pixelNoise >= 0) || Double.isInfinite(pixelNoise)) {
            throw new IllegalArgumentException("pixelNoise must be non-negative and finite, but was " + pixelNoise);
        }
        this.grid = grid;
        this.patch = patch;
        this.pixelNoise = pixelNoise;
        this.seed = seed;
    }

    /**
     * The first {@code count} training maps, maps 0 to {@code count − 1}.
     *
     * @param count the number of maps, at least 0
     * @return the maps, generated now
     */
    public List<WarcraftMap> training(int count) {
        return maps(0, count);
    }

    /**
     * The first {@code count} test maps, disjoint from the training maps (they start at map 2⁴⁰).
     *
     * @param count the number of maps, at least 0
     * @return the maps, generated now
     */
    public List<WarcraftMap> test(int count) {
        return maps(TEST_OFFSET, count);
    }

    /**
     * Map number {@code index}: terrain, costs, image and true path, a function of the seed and the index alone.
     *
     * @param index the map's number
     * @return the map
     */
    public WarcraftMap map(long index) {
        SplittableRandom random = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
        Terrain[][] terrain = terrain(random);
        float[][] cost = new float[grid][grid];
        for (int row = 0; row < grid; row++) {
            for (int column = 0; column < grid; column++) {
                cost[row][column] = terrain[row][column].cost();
            }
        }
        return new WarcraftMap(terrain, cost, render(terrain, random), GridShortestPath.vertexWeighted(cost), patch);
    }

    private List<WarcraftMap> maps(long first, int count) {
        List<WarcraftMap> maps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            maps.add(map(first + i));
        }
        return maps;
    }

    private Terrain[][] terrain(SplittableRandom random) {
        double[][] elevation = smoothField(random, grid);
        double[][] moisture = smoothField(random, grid);
        Terrain[][] terrain = new Terrain[grid][grid];
        for (int row = 0; row < grid; row++) {
            for (int column = 0; column < grid; column++) {
                terrain[row][column] = classify(elevation[row][column], moisture[row][column]);
            }
        }
        return terrain;
    }

    /** The terrain of a cell with standardised elevation e and moisture m. */
    static Terrain classify(double e, double m) {
        if (e < -WATER_BELOW) {
            return Terrain.WATER;
        }
        if (e > HILLS_ABOVE) {
            return Terrain.HILLS;
        }
        if (m > FOREST_ABOVE) {
            return Terrain.FOREST;
        }
        return m < -SAND_BELOW ? Terrain.SAND : Terrain.GRASS;
    }

    private float[] render(Terrain[][] terrain, SplittableRandom random) {
        int side = grid * patch;
        float[] image = new float[3 * side * side];
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float colour = terrain[y / patch][x / patch].colour(channel);
                    image[(channel * side + y) * side + x] = (float) (colour + pixelNoise * random.nextGaussian());
                }
            }
        }
        return image;
    }

    /** A standard normal field, smoothed and then standardised to mean 0 and standard deviation 1. */
    static double[][] smoothField(SplittableRandom random, int grid) {
        double[][] field = new double[grid][grid];
        for (double[] row : field) {
            for (int column = 0; column < grid; column++) {
                row[column] = random.nextGaussian();
            }
        }
        for (int pass = 0; pass < SMOOTHING_PASSES; pass++) {
            field = meanFilter(field);
        }
        double mean = 0;
        for (double[] row : field) {
            for (double value : row) {
                mean += value;
            }
        }
        mean /= grid * grid;
        double variance = 0;
        for (double[] row : field) {
            for (double value : row) {
                variance += (value - mean) * (value - mean);
            }
        }
        double deviation = Math.sqrt(variance / (grid * grid));
        for (double[] row : field) {
            for (int column = 0; column < grid; column++) {
                row[column] = (row[column] - mean) / deviation;
            }
        }
        return field;
    }

    private static double[][] meanFilter(double[][] field) {
        int grid = field.length;
        double[][] smooth = new double[grid][grid];
        for (int row = 0; row < grid; row++) {
            for (int column = 0; column < grid; column++) {
                double sum = 0;
                int count = 0;
                for (int r = Math.max(row - 1, 0); r <= Math.min(row + 1, grid - 1); r++) {
                    for (int c = Math.max(column - 1, 0); c <= Math.min(column + 1, grid - 1); c++) {
                        sum += field[r][c];
                        count++;
                    }
                }
                smooth[row][column] = sum / count;
            }
        }
        return smooth;
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: decorrelates nearby seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
