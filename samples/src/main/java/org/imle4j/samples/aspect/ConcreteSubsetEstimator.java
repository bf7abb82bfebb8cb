package org.imle4j.samples.aspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import org.imle4j.annotation.Structure;
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
 * <p>Assumes standard Gumbel noise ({@code Noise.GUMBEL}, τ = 1): each softmax then relaxes one draw from
 * softmax(φ), so the k draws relax sampling with replacement, not the k-subset distribution; like every relaxation
 * it is biased for t &gt; 0. For top-k layers: θ is {@code [B, n]} with n ≥ k.
 */
final class ConcreteSubsetEstimator implements GradientEstimator {
    private static final int OPTIONS_AXIS = 3;

    private final int k;
    private final double temperature;

    /**
     * @param k the number of Concrete samples, the subset size, at least 1
     * @param temperature t, positive and finite
     * @throws IllegalArgumentException if either is out of range
     */
    ConcreteSubsetEstimator(int k, double temperature) {
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

    @Override
    public String toString() {
        return "L2X Concrete(k=" + k + ", t=" + temperature + ")";
    }
}
