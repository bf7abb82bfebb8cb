package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.imle4j.annotation.Attribute;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.autograd.Scalars;

/**
 * Sum-of-Gamma noise of Niepert et al. (2021), {@code ε = (1/k)·(Σ_{i=1..s} G_i − log s)} with
 * {@code G_i ~ Gamma(shape 1/k, rate i/k)}.
 *
 * <p>The sum of k independent draws tends to Gumbel(0, 1) as s grows, so perturbing θ with it makes a top-k solver
 * sample approximately from the k-subset exponential family. A draw has mean {@code (H_s − log s)/k} and variance
 * {@code Σ_i 1/(k·i²)}. Since {@code Gamma(1/k, rate i/k) = (k/i)·Gamma(1/k, 1)}, all s terms come from one
 * vectorised draw of standard Gamma(1/k) variables.
 *
 * <p>By default draws come from a tabulated quantile function ({@link SumOfGammaQuantiles}: Kolmogorov–Smirnov
 * distance to the exact law below 0.003), which costs one uniform per entry instead of s Gamma variables; the exact
 * sampler is available for comparison. The table is computed once per JVM for each (k, s) and kept on the host
 * only; each draw copies it to the device of its manager and frees the copy before it returns, so a sampler holds no
 * native memory and needs no closing.
 *
 * <p>Its density has no closed form, so it offers no {@link #potentialGradient()}: perturbed optimizers and the
 * Fenchel–Young loss reject it.
 */
public final class SumOfGammaNoise implements NoiseSampler {
    private final double k;
    private final int iterations;
    private final boolean exact;

    /**
     * Sum-of-Gamma noise drawn from its tabulated quantile function.
     *
     * @param k the shape parameter k, positive and finite; for a k-subset solver, the number of ones of a solution
     * @param iterations s, the number of Gamma terms of the truncated sum, at least 1; the law approaches its limit
     *     as s grows (the annotations' default is 10)
     * @throws IllegalArgumentException if {@code k} or {@code iterations} is out of range
     */
    public SumOfGammaNoise(double k, int iterations) {
        this(k, iterations, false);
    }

    /**
     * Sum-of-Gamma noise, exact or tabulated.
     *
     * @param k the shape parameter k, positive and finite; for a k-subset solver, the number of ones of a solution
     * @param iterations s, the number of Gamma terms of the truncated sum, at least 1
     * @param exact whether to draw the s Gamma variables of every entry rather than look up the tabulated quantiles
     *     (s times the random draws and several rounds of rejection sampling per entry, for an exact law)
     * @throws IllegalArgumentException if {@code k} or {@code iterations} is out of range
     */
    public SumOfGammaNoise(double k, int iterations, boolean exact) {
        this.k = Attribute.SUM_OF_GAMMA_K.require(k);
        this.iterations = Attribute.SUM_OF_GAMMA_ITERATIONS.require(iterations);
        this.exact = exact;
    }

    @Override
    public NDArray sample(NDManager manager, Shape shape, DataType dataType) {
        if (!exact) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray uniform = scope.randomUniform(0f, 1f, shape, dataType);
                NDArray noise = SumOfGammaQuantiles.sample(uniform, k, iterations);
                noise.attach(manager);
                return noise;
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray noise = sample(scope, shape, dataType, new Shape(iterations).addAll(shape));
            noise.attach(manager);
            return noise;
        }
    }

    private NDArray sample(NDManager scope, Shape shape, DataType dataType, Shape stacked) {
        NDArray gammas = GammaSampler.standardGamma(scope, 1.0 / k, stacked, dataType);
        float[] scales = new float[iterations];
        for (int i = 1; i <= iterations; i++) {
            scales[i - 1] = (float) (k / i);
        }
        long[] broadcast = new long[shape.dimension() + 1];
        Arrays.fill(broadcast, 1);
        broadcast[0] = iterations;
        NDArray rateScale = scope.create(scales, new Shape(broadcast)).toType(dataType, false);
        NDArray sum = gammas.mul(rateScale).sum(new int[] {0});
        return sum.sub(Scalars.of(sum, Math.log(iterations))).div(Scalars.of(sum, k));
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link Noise#SUM_OF_GAMMA}
     */
    @Override
    public Noise kind() {
        return Noise.SUM_OF_GAMMA;
    }

    /**
     * The shape parameter k.
     *
     * @return k, positive and finite
     */
    public double k() {
        return k;
    }

    /**
     * The number s of Gamma terms of the truncated sum.
     *
     * @return s, at least 1
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Whether draws sum s Gamma variables rather than look up the tabulated quantile function.
     *
     * @return {@code true} for exact draws
     */
    public boolean isExact() {
        return exact;
    }

    /**
     * The mean of one exact draw: {@code E[G_i] = 1/i}, so {@code E[ε] = (H_s − log s)/k} with
     * {@code H_s = Σ_{i=1..s} 1/i}; it tends to {@code γ/k} (γ ≈ 0.5772, Euler's constant) as s grows.
     *
     * @return {@code (H_s − log s)/k}
     */
    public double mean() {
        double harmonic = 0;
        for (int i = 1; i <= iterations; i++) {
            harmonic += 1.0 / i;
        }
        return (harmonic - Math.log(iterations)) / k;
    }

    /**
     * The variance of one exact draw: {@code Var[G_i] = k/i²}, so {@code Var[ε] = Σ_{i=1..s} 1/(k·i²)}, which tends
     * to {@code π²/(6k)} as s grows.
     *
     * @return {@code Σ_{i=1..s} 1/(k·i²)}
     */
    public double variance() {
        double sum = 0;
        for (int i = 1; i <= iterations; i++) {
            sum += 1.0 / ((double) i * i);
        }
        return sum / k;
    }

    @Override
    public String toString() {
        return "Sum-of-Gamma(k=" + k + ", s=" + iterations + (exact ? ", exact" : ", tabulated") + ")";
    }
}
