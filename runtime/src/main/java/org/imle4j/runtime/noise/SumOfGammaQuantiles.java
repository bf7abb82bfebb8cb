package org.imle4j.runtime.noise;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The quantile function of Sum-of-Gamma noise for given (k, s), tabulated once per JVM and shared on the host.
 *
 * <p>The law of {@code (1/k)·(Σ_{i≤s} Gamma(1/k, rate i/k) − log s)} depends on (k, s) alone, so instead of drawing s
 * Gamma variables per entry on every step, {@link #sample} maps uniforms through a table of its quantiles at
 * probabilities {@code j / BINS}, linearly interpolated: each entry costs one uniform draw and two gathers.
 *
 * <p>Fidelity: the table holds the empirical quantiles of {@link #TABLE_DRAWS} exact draws (a fixed-seed Java
 * Marsaglia–Tsang sampler). By the Dvoretzky–Kiefer–Wolfowitz inequality their empirical CDF is within
 * {@code √(ln(2/δ)/(2N))} of the exact one with probability 1 − δ (0.0027 for δ = 10⁻⁶); linear interpolation between
 * knots moves the CDF by at most one bin's mass, {@code 1/BINS}. The Kolmogorov–Smirnov distance to the exact law is
 * therefore below 0.003.
 *
 * <p>Lifecycle: only the host table (2 × 4096 floats per (k, s), on the Java heap) is cached. {@code float32} uniforms
 * in CPU memory are looked up on the host, in place. Elsewhere the table's copy on the device is made by every
 * {@link #sample} call on the call's manager and freed with it, so no native memory outlives the call; a copy kept per
 * device would need an owner that closes it, which a layer does not have.
 */
final class SumOfGammaQuantiles {
    /** Number of probability bins of the table. */
    static final int BINS = 4096;
    /** Number of exact draws the table is made of. */
    static final int TABLE_DRAWS = 1 << 20;

    private static final long SEED = 0x5eed_1a6b_2021L;
    private static final int CHUNKS = 64;
    private static final Map<Key, BinTables> TABLES = new ConcurrentHashMap<>();

    private SumOfGammaQuantiles() {}

    /**
     * Maps uniforms to Sum-of-Gamma noise by inverse-CDF lookup: with {@code x = u·BINS}, the result is the
     * table's quantile at {@code ⌊x⌋} plus {@code (x − ⌊x⌋)} times the width of that bin.
     *
     * @param uniform uniforms in [0, 1), of the shape to draw; the result (and, off the CPU, the table's copy on the
     *     device) is attached to its manager. The table is built on first use of (k, s) and cached on the host for
     *     the life of the JVM
     * @param k the shape parameter k, positive and finite
     * @param iterations s, at least 1
     * @return noise of {@code uniform}'s shape and data type, on its device and attached to its manager
     */
    static NDArray sample(NDArray uniform, double k, int iterations) {
        BinTables tables = table(k, iterations);
        return uniform.getDataType() == DataType.FLOAT32 && Device.cpu().equals(uniform.getDevice())
                ? onHost(uniform, tables)
                : onDevice(uniform, tables);
    }

    /**
     * The lookup in native operations, for any device and data type: about ten arrays, whatever the size. Uniforms
     * lie in [0, 1), so truncation is the floor and the bin is at most BINS − 1.
     */
    static NDArray onDevice(NDArray uniform, BinTables tables) {
        NDManager manager = uniform.getManager();
        NDArray position = uniform.mul(Scalars.of(uniform, BINS));
        NDArray bin = position.toType(DataType.INT64, false);
        NDArray fraction = position.sub(bin.toType(uniform.getDataType(), false));
        NDArray lower = manager.create(tables.lower()).take(manager, bin).toType(uniform.getDataType(), false);
        NDArray width = manager.create(tables.width()).take(manager, bin).toType(uniform.getDataType(), false);
        return lower.add(width.mul(fraction));
    }

    /**
     * The same lookup for {@code float32} uniforms in CPU memory, read in place and written once: one array instead
     * of about ten, which is most of the noise's cost at small batches. Every operation is the one
     * {@link #onDevice} runs, in the same order and rounded to {@code float} alike (Java does not fuse the multiply
     * and the add), so both give the same bits.
     */
    static NDArray onHost(NDArray uniform, BinTables tables) {
        FloatBuffer uniforms = uniform.toByteBuffer(true).asFloatBuffer();
        float[] lower = tables.lower();
        float[] width = tables.width();
        float[] noise = new float[uniforms.limit()];
        for (int i = 0; i < noise.length; i++) {
            float position = uniforms.get(i) * BINS;
            int bin = (int) position;
            float fraction = position - bin;
            noise[i] = lower[bin] + width[bin] * fraction;
        }
        return uniform.getManager().create(noise, uniform.getShape());
    }

    /** The table for (k, s), built on first use and kept for the life of the JVM. */
    static BinTables table(double k, int iterations) {
        return TABLES.computeIfAbsent(new Key(k, iterations), key -> build(key.k(), key.iterations()));
    }

    /**
     * The table for (k, s) from {@link #TABLE_DRAWS} exact draws (which takes a moment): the quantiles at
     * probabilities {@code 0, 1/BINS, …, 1} (the ends are the sample's extremes), as each bin's left quantile and
     * width.
     */
    private static BinTables build(double k, int iterations) {
        double shape = 1.0 / k;
        double shift = Math.log(iterations);
        float[] draws = new float[TABLE_DRAWS];
        int perChunk = TABLE_DRAWS / CHUNKS;
        IntStream.range(0, CHUNKS).parallel().forEach(chunk -> {
            SplittableRandom random = new SplittableRandom(SEED + 31L * chunk);
            for (int n = chunk * perChunk; n < (chunk + 1) * perChunk; n++) {
                double sum = 0;
                for (int i = 1; i <= iterations; i++) {
                    sum += standardGamma(random, shape) * k / i;
                }
                draws[n] = (float) ((sum - shift) / k);
            }
        });
        Arrays.parallelSort(draws);
        float[] quantiles = new float[BINS + 1];
        for (int j = 0; j <= BINS; j++) {
            quantiles[j] = draws[(int) ((long) j * (TABLE_DRAWS - 1) / BINS)];
        }
        float[] width = new float[BINS];
        for (int j = 0; j < BINS; j++) {
            width[j] = quantiles[j + 1] - quantiles[j];
        }
        return new BinTables(Arrays.copyOf(quantiles, BINS), width);
    }

    /**
     * One standard Gamma(shape, 1) draw on the host: Marsaglia and Tsang (2000), with
     * {@code Gamma(a) = Gamma(a + 1)·U^(1/a)} for a &lt; 1.
     *
     * @param random the source of uniform and normal variables
     * @param shape the Gamma shape parameter, positive and finite
     * @return a draw, non-negative
     */
    static double standardGamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            return standardGamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private record Key(double k, int iterations) {}

    /** The table as {@link #sample} reads it: each bin's left quantile and width, {@link #BINS} each. */
    record BinTables(float[] lower, float[] width) {}
}
