package org.imle4j.runtime.estimator;

import org.imle4j.annotation.Structure;
import org.imle4j.runtime.target.AdaptiveTarget;
import org.imle4j.runtime.target.FixedTarget;

/**
 * The gradient estimators a layer can be trained with, for {@code optEstimator(…)} on any generated builder:
 *
 * <pre>{@code
 * TopKLayer.builder().setK(5).optEstimator(Estimators.ste()).build();
 * }</pre>
 *
 * <p>Each call returns a new instance; stateful estimators (adaptive I-MLE, moving-average baselines) must not be
 * shared between layers.
 */
public final class Estimators {
    private Estimators() {}

    /** I-MLE with target {@code θ' = θ − λ·dL/dz}, dividing by λ. */
    public static ImleEstimator imle(double lambda) {
        return new ImleEstimator(new FixedTarget(lambda, 1.0, true));
    }

    /** Adaptive I-MLE with the reference defaults: β₀ = 1, step 1e-4, no momentum, decay 0.9, target norm 1. */
    public static ImleEstimator aimle() {
        return aimle(1.0, 1e-4, 1.0);
    }

    /** Adaptive I-MLE with the given initial β, β step and target number of non-zero gradient entries. */
    public static ImleEstimator aimle(double initialBeta, double betaUpdateStep, double targetNorm) {
        return new ImleEstimator(new AdaptiveTarget(1.0, initialBeta, betaUpdateStep, 0.0, 0.9, targetNorm, false));
    }

    /** Straight-through over perturb-and-MAP samples. */
    public static StraightThroughEstimator ste() {
        return new StraightThroughEstimator();
    }

    /** Blackbox differentiation (DBB) with interpolation step λ. */
    public static BlackboxEstimator blackbox(double lambda) {
        return new BlackboxEstimator(lambda);
    }

    /** Perturbed optimizer (Berthet et al. 2020); σ is the layer's noise temperature, Gaussian or Gumbel noise. */
    public static PerturbedOptimizerEstimator perturbedOptimizer() {
        return new PerturbedOptimizerEstimator();
    }

    /** Gumbel-softmax with temperature t, for one-hot solvers: soft samples forward and backward. */
    public static GumbelSoftmaxEstimator gumbelSoftmax(double temperature) {
        return GumbelSoftmaxEstimator.soft(temperature);
    }

    /** Straight-through Gumbel-softmax: one-hot samples forward, soft samples backward. */
    public static GumbelSoftmaxEstimator straightThroughGumbelSoftmax(double temperature) {
        return GumbelSoftmaxEstimator.straightThrough(temperature);
    }

    /** Relaxed top-k (successive Gumbel-softmax, Xie and Ermon 2019) with temperature t. */
    public static RelaxedTopKEstimator relaxedTopK(int k, double temperature) {
        return RelaxedTopKEstimator.soft(k, temperature);
    }

    /**
     * Score-function (REINFORCE) estimation for a family with exact sampling and log-probabilities, with a
     * variance-reduction baseline; the rewards are the linearised loss ⟨dL/dz, z⟩ of each sample.
     */
    public static ScoreFunctionEstimator scoreFunction(ExponentialFamily family, Baseline baseline) {
        return new ScoreFunctionEstimator(family, baseline);
    }

    /** Straight-through relaxed top-k: exact k-hot samples forward, the relaxation backward. */
    public static RelaxedTopKEstimator straightThroughRelaxedTopK(int k, double temperature) {
        return RelaxedTopKEstimator.straightThrough(k, temperature);
    }

    /** The estimators that fit solvers of {@code structure}, for messages about an estimator that does not. */
    static String fitting(Structure structure) {
        String anyStructure = "imle, aimle, ste, blackbox, perturbedOptimizer";
        return switch (structure) {
            case ONE_HOT -> anyStructure + ", gumbelSoftmax, straightThroughGumbelSoftmax, relaxedTopK with k = 1, "
                    + "scoreFunction over ExponentialFamily.categorical()";
            case K_SUBSET -> anyStructure + ", relaxedTopK, straightThroughRelaxedTopK, "
                    + "scoreFunction over ExponentialFamily.kSubset(k)";
            case INDEPENDENT_BITS -> anyStructure + ", scoreFunction over ExponentialFamily.bernoulli()";
            case UNSPECIFIED, BINARY, RANKING -> anyStructure;
        };
    }
}
