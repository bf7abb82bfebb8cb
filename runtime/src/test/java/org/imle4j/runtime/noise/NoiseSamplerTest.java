package org.imle4j.runtime.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.imle4j.annotation.Noise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Moments of each sampler against theory. With n draws, a sample mean has standard error σ/√n and a sample variance
 * about σ²·√((κ − 1)/n) for kurtosis κ; every tolerance below is six such standard errors.
 */
class NoiseSamplerTest {
    private static final double EULER_GAMMA = 0.5772156649015329;
    private static final double GUMBEL_VARIANCE = Math.PI * Math.PI / 6;
    private static final double GUMBEL_KURTOSIS = 5.4;
    private static final int DRAWS = 400_000;

    private NDManager manager;

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(1234);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void gumbelHasMeanEulerGammaAndVariancePiSquaredOverSix() {
        double[] moments = moments(new GumbelNoise().sample(manager, new Shape(DRAWS), DataType.FLOAT64));
        assertMoments(EULER_GAMMA, GUMBEL_VARIANCE, GUMBEL_KURTOSIS, DRAWS, moments);
    }

    @Test
    void gaussianIsStandardNormal() {
        double[] moments = moments(new GaussianNoise().sample(manager, new Shape(DRAWS), DataType.FLOAT64));
        assertMoments(0, 1, 3, DRAWS, moments);
    }

    @Test
    void noneIsZero() {
        NDArray zeros = NoiseSampler.standard(Noise.NONE).orElseThrow()
                .sample(manager, new Shape(3, 4), DataType.FLOAT32);
        assertEquals(0f, zeros.abs().sum().getFloat());
    }

    @Test
    void standardSamplersAreOfTheirKindAndSumOfGammaHasNone() {
        for (Noise kind : Noise.values()) {
            assertEquals(kind != Noise.SUM_OF_GAMMA, NoiseSampler.standard(kind).isPresent(), kind.name());
            NoiseSampler.standard(kind).ifPresent(sampler -> assertEquals(kind, sampler.kind()));
        }
        SumOfGammaNoise sumOfGamma = new SumOfGammaNoise(4, 7, true);
        assertEquals(Noise.SUM_OF_GAMMA, sumOfGamma.kind());
        assertEquals(4, sumOfGamma.k());
        assertEquals(7, sumOfGamma.iterations());
        assertTrue(sumOfGamma.isExact());
        assertTrue(NoiseSampler.standard(Noise.NONE).orElseThrow().isNone());
        assertFalse(sumOfGamma.isNone());
    }

    /** ∇ν = −d log μ/dz: the Gaussian's is z, the Gumbel's 1 − e^{−z}; the others have none. */
    @Test
    void potentialGradientIsMinusTheDerivativeOfTheLogDensity() {
        double[] z = {-2.5, -0.7, 0.0, 0.4, 3.0};
        NDArray points = manager.create(z);
        double step = 1e-5;
        for (NoiseSampler sampler : new NoiseSampler[] {new GaussianNoise(), new GumbelNoise()}) {
            double[] gradient = sampler.potentialGradient().orElseThrow().apply(points).toDoubleArray();
            for (int i = 0; i < z.length; i++) {
                double difference = (logDensity(sampler.kind(), z[i] - step) - logDensity(sampler.kind(), z[i] + step))
                        / (2 * step);
                // Central differences of a smooth function: error O(step²·|ν'''|), far below 1e-6 here.
                assertEquals(difference, gradient[i], 1e-6, sampler + " at " + z[i]);
            }
        }
        assertEquals(Set.of(Noise.GUMBEL, Noise.GAUSSIAN), NoiseSampler.kindsWithPotentialGradient());
        assertTrue(new SumOfGammaNoise(2, 10).potentialGradient().isEmpty());
        assertTrue(new NoNoise().potentialGradient().isEmpty());
    }

    private static double logDensity(Noise kind, double z) {
        return switch (kind) {
            case GAUSSIAN -> -z * z / 2 - 0.5 * Math.log(2 * Math.PI);
            case GUMBEL -> -z - Math.exp(-z);
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    @Test
    void standardGammaMatchesShapeMoments() {
        int draws = 100_000;
        for (double shape : new double[] {0.0625, 0.5, 1.0, 2.5}) {
            double[] moments = moments(GammaSampler.standardGamma(manager, shape, new Shape(draws), DataType.FLOAT32));
            // Gamma(a, 1): mean a, variance a, kurtosis 3 + 6/a.
            assertMoments(shape, shape, 3 + 6 / shape, draws, moments);
        }
    }

    @Test
    void sumOfGammaDrawMatchesItsOwnMoments() {
        for (boolean exact : new boolean[] {true, false}) {
            SumOfGammaNoise noise = new SumOfGammaNoise(5, 10, exact);
            int draws = 100_000;
            double[] moments = moments(noise.sample(manager, new Shape(draws), DataType.FLOAT32));
            // A draw is a shifted sum of Gamma(1/5) terms, whose kurtosis 3 + 30 bounds the sum's.
            assertMoments(noise.mean(), noise.variance(), 33, draws, moments);
        }
    }

    /**
     * Two-sample Kolmogorov–Smirnov distance between tabulated and exact draws. The table is within 0.003 of the
     * exact law (see {@link SumOfGammaQuantiles}); each empirical CDF of n draws is within √(ln(2/δ)/(2n)) of its law
     * with probability 1 − δ (DKW), 0.0060 for n = 200 000 and δ = 10⁻⁶. The distance must stay below the sum.
     */
    @Test
    void tabulatedSumOfGammaIsCloseToExactInKolmogorovSmirnovDistance() {
        int draws = 200_000;
        double bound = 0.003 + 2 * Math.sqrt(Math.log(2 / 1e-6) / (2 * draws));
        float[] tabulated = new SumOfGammaNoise(16, 10, false).sample(manager, new Shape(draws), DataType.FLOAT32)
                .toFloatArray();
        float[] exact = new SumOfGammaNoise(16, 10, true).sample(manager, new Shape(draws), DataType.FLOAT32)
                .toFloatArray();
        double distance = kolmogorovSmirnov(tabulated, exact);
        assertTrue(distance < bound, () -> "KS distance " + distance + " ≥ " + bound);
        // The test can tell laws apart: another k is far beyond the bound.
        float[] otherK = new SumOfGammaNoise(8, 10, true).sample(manager, new Shape(draws), DataType.FLOAT32)
                .toFloatArray();
        assertTrue(kolmogorovSmirnov(tabulated, otherK) > 3 * bound);
    }

    /**
     * The host lookup of CPU {@code float32} uniforms gives the native lookup's bits: random uniforms, the ends of
     * [0, 1), the largest float below 1 and values on and next to bin edges, for two tables.
     */
    @Test
    void tabulatedLookupOnTheHostGivesTheNativeLookupsBits() {
        float bin = 1f / SumOfGammaQuantiles.BINS;
        float[] edges = {0f, Math.nextUp(0f), bin, Math.nextDown(bin), 0.5f, Math.nextDown(0.5f), 2047.5f * bin,
            Math.nextDown(1f)};
        NDArray random = manager.randomUniform(0f, 1f, new Shape(7, 3, 1000));
        for (double k : new double[] {16, 2.5}) {
            SumOfGammaQuantiles.BinTables table = SumOfGammaQuantiles.table(k, 10);
            for (NDArray uniform : List.of(random, manager.create(edges))) {
                NDArray host = SumOfGammaQuantiles.onHost(uniform, table);
                NDArray device = SumOfGammaQuantiles.onDevice(uniform, table);
                assertEquals(uniform.getShape(), host.getShape());
                assertEquals(DataType.FLOAT32, host.getDataType());
                int[] hostBits = bits(host.toFloatArray());
                assertArrayEquals(bits(device.toFloatArray()), hostBits, "k = " + k);
            }
        }
        // The sampler takes the host path for CPU float32 uniforms: the same bits as the native lookup of its draw.
        Engine.getInstance().setRandomSeed(77);
        float[] sampled = new SumOfGammaNoise(16, 10).sample(manager, new Shape(4, 256), DataType.FLOAT32)
                .toFloatArray();
        Engine.getInstance().setRandomSeed(77);
        NDArray uniform = manager.randomUniform(0f, 1f, new Shape(4, 256), DataType.FLOAT32);
        assertArrayEquals(bits(SumOfGammaQuantiles.onDevice(uniform, SumOfGammaQuantiles.table(16, 10))
                .toFloatArray()), bits(sampled));
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static double kolmogorovSmirnov(float[] a, float[] b) {
        float[] x = a.clone();
        float[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double distance = 0;
        while (i < x.length && j < y.length) {
            float next = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= next) {
                i++;
            }
            while (j < y.length && y[j] <= next) {
                j++;
            }
            distance = Math.max(distance, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return distance;
    }

    @Test
    void sumOfKSumOfGammaDrawsApproachesGumbel() {
        int k = 3;
        int iterations = 100;
        int sums = 20_000;
        NDArray draws = new SumOfGammaNoise(k, iterations).sample(manager, new Shape(sums, k), DataType.FLOAT32);
        double[] moments = moments(draws.sum(new int[] {1}));
        // Exact moments of the sum: mean H_s − log s = γ + 1/(2s) + O(1/s²), variance Σ 1/i² = π²/6 − 1/s + …
        double truncationMean = 1.0 / (2 * iterations);
        double truncationVariance = 1.0 / iterations;
        assertMoments(EULER_GAMMA + truncationMean, GUMBEL_VARIANCE - truncationVariance, GUMBEL_KURTOSIS + 1,
                sums, moments);
        assertEquals(EULER_GAMMA, moments[0], truncationMean + 6 * Math.sqrt(GUMBEL_VARIANCE / sums));
    }

    /**
     * Tabulated draws leave nothing on the device beyond their result: the table's copy lives on the draw's manager
     * and goes with the call. Counted over every manager of the engine, a draw closed with its scope leaves as many
     * arrays as there were before, also on first use of a (k, s).
     */
    @Test
    void tabulatedDrawsLeaveNoArraysBehind() {
        BaseNDManager engine = (BaseNDManager) manager.getParentManager();
        int before = engine.getManagedArrays().size();
        try (NDManager scope = manager.newSubManager()) {
            NDArray draws = new SumOfGammaNoise(3.5, 6).sample(scope, new Shape(1000), DataType.FLOAT32);
            assertEquals(List.of(draws), ((BaseNDManager) scope).getManagedArrays());
        }
        assertEquals(before, engine.getManagedArrays().size());
    }

    @Test
    void seededDrawsRepeat() {
        Engine.getInstance().setRandomSeed(7);
        float[] first = new SumOfGammaNoise(3, 10).sample(manager, new Shape(100), DataType.FLOAT32).toFloatArray();
        Engine.getInstance().setRandomSeed(7);
        float[] second = new SumOfGammaNoise(3, 10).sample(manager, new Shape(100), DataType.FLOAT32).toFloatArray();
        assertArrayEquals(first, second);
    }

    private static double[] moments(NDArray draws) {
        double[] values = draws.toType(DataType.FLOAT64, false).toDoubleArray();
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double variance = 0;
        for (double v : values) {
            variance += (v - mean) * (v - mean);
        }
        return new double[] {mean, variance / (values.length - 1)};
    }

    private static void assertMoments(double mean, double variance, double kurtosis, int n, double[] moments) {
        double meanTolerance = 6 * Math.sqrt(variance / n);
        double varianceTolerance = 6 * variance * Math.sqrt((kurtosis - 1) / n);
        assertEquals(mean, moments[0], meanTolerance, "mean");
        assertEquals(variance, moments[1], varianceTolerance, "variance");
    }
}
