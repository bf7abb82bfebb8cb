package org.imle4j.samples.harness;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.estimator.EstimatorContext;
import org.imle4j.runtime.estimator.EstimatorRequirements;
import org.imle4j.runtime.estimator.GradientEstimator;

/**
 * The relaxed k-subset of L2X (Chen, Song, Wainwright and Jordan, "Learning to Explain", ICML 2018; the
 * {@code Sample_Concrete} layer of their code): k independent Concrete samples over the n options, combined by their
 * elementwise maximum. For each of the S·M noise draws of an example, with k fresh standard Gumbel draws G_j, the
 * layer's noise temperature τ and this estimator's temperature t:
 * <pre>
 *   ẑ = max_{j=1..k} softmax((φ + τ·G_j) / t)
 * </pre>
 * Every entry is in [0, 1] and a row sums to between 1 and k (fewer than k options when two samples pick the same).
 * Backward: ordinary autograd through the softmaxes and the maximum. Outside training the layer returns its solver's
 * top-k of θ, as L2X does.
 *
 * <p>Assumes standard Gumbel noise ({@code Noise.GUMBEL}, τ = 1, as {@link #configure} sets): each softmax then
 * relaxes one draw from softmax(φ), so the k draws relax sampling with replacement, not the k-subset distribution;
 * as t → 0 the output tends to the indicator of the union of k independent draws, which holds option i with
 * probability 1 − (1 − softmax(φ)_i)^k. Like every relaxation it is biased for t &gt; 0. For top-k layers: θ is
 * {@code [B, n]} with n ≥ k; the output is {@code [B·S, n]}.
 *
 * <p>The samples' baseline for L2X's relaxation ({@code l2x}, {@code aspect-reviews}), not one of the library's
 * {@code Estimators}: for the same k-subset layers the runtime offers relaxed top-k, whose successive softmaxes relax
 * sampling without replacement, the distribution the top-k of perturbed scores follows.
 */
public final class ConcreteSubsetEstimator implements GradientEstimator {
    private static final int OPTIONS_AXIS = 3;

    private final int k;
    private final double temperature;

    /**
     * Creates the estimator; give each layer its own through {@code optEstimator(() -> new …)}.
     *
     * @param k the number of Concrete samples, the subset size, at least 1 (and at most n, checked on the first
     *     batch)
     * @param temperature t, positive and finite
     * @throws IllegalArgumentException if either is out of range
     */
    public ConcreteSubsetEstimator(int k, double temperature) {
        if (k < 1) {
            throw new IllegalArgumentException("L2X Concrete k must be at least 1, but was " + k);
        }
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("L2X Concrete temperature must be positive and finite, but was "
                    + temperature);
        }
        this.k = k;
        this.temperature = temperature;
    }

    /**
     * Sets L2X's relaxation on a k-subset layer's builder, with the standard Gumbel noise it is derived for (its own
     * scale, whatever the command's noise) and forward differences, so that each of the S samples draws k noise
     * vectors; call it after the command's own settings, which it overrides.
     *
     * @param <B> the generated layer's builder
     * @param builder the builder of a layer whose solver picks the k best of n options
     * @param k the number of Concrete samples, the layer's k, at least 1
     * @param temperature t, positive and finite
     * @return {@code builder}
     * @throws IllegalArgumentException if {@code k} or {@code temperature} is out of range, when the builder builds
     *     the layer
     */
    public static <B extends SolverLayer.Builder<B>> B configure(B builder, int k, double temperature) {
        return builder.optDifference(Difference.FORWARD).optNoise(Noise.GUMBEL).optNoiseTemperature(1)
                .optTargetNoiseTemperature(1).optEstimator(() -> new ConcreteSubsetEstimator(k, temperature));
    }

    /**
     * The element-wise maximum of k relaxed draws per noise draw of the layer.
     *
     * @param context the layer's θ, noise and settings
     * @return the relaxed masks, {@code [B·S, n]} (or the layer's output layout)
     * @throws IllegalArgumentException naming the layer if θ is not {@code [B, n]} or n &lt; k
     */
    @Override
    public NDArray forward(EstimatorContext context) {
        if (context.layout().eventShape().dimension() != 1) {
            throw new IllegalArgumentException(context.layer() + ": L2X Concrete selects k of n options, so θ must "
                    + "have shape [B, n], but has shape " + context.theta().getShape());
        }
        long options = context.layout().eventShape().get(0);
        if (k > options) {
            throw new IllegalArgumentException(context.layer() + ": L2X Concrete selects k = " + k + " options, but θ "
                    + "has only n = " + options + " per example (shape " + context.theta().getShape() + ")");
        }
        NDArray phi = context.attachedPhi();
        NDArray t = Scalars.of(phi, temperature);
        double noiseTemperature = context.settings().noiseTemperature();
        NDList samples = new NDList(k);
        for (int j = 0; j < k; j++) {
            samples.add(context.perturb(phi, context.sampleNoise(), noiseTemperature).div(t).softmax(OPTIONS_AXIS));
        }
        NDArray relaxed = k == 1 ? samples.get(0) : NDArrays.stack(samples).max(new int[] {0});
        return context.layout().differentiableOutput(relaxed);
    }

    /**
     * The top-k, which L2X applies to the explainer's scores outside training.
     *
     * @return a {@link Structure#K_SUBSET} solver
     */
    @Override
    public EstimatorRequirements requirements() {
        return EstimatorRequirements.structure("relaxes the choice of the k best options", Structure.K_SUBSET);
    }

    /** {@return the method with its k and t} */
    @Override
    public String toString() {
        return "L2X Concrete(k=" + k + ", t=" + temperature + ")";
    }
}
