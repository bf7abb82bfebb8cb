package org.imle4j.runtime.estimator;

import org.imle4j.annotation.Attribute;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.imle.AdaptiveTarget;
import org.imle4j.runtime.imle.FixedTarget;

/**
 * The gradient estimators a layer can be trained with, for {@code optEstimator(…)} on any generated builder:
 *
 * <pre>{@code
 * TopKLayer.builder().setK(5).optEstimator(Estimators::ste).build();
 * TopKLayer.builder().setK(5).optEstimator(() -> Estimators.imle(0.5)).build();
 * }</pre>
 *
 * <p>Each call returns a new instance; {@code optEstimator} takes the factory and calls it once per layer it builds,
 * so that stateful estimators (adaptive I-MLE, moving-average baselines) are never shared between layers.
 */
public final class Estimators {
    private Estimators() {}

    /**
     * I-MLE (Niepert, Minervini and Franceschi, NeurIPS 2021) with the fixed target {@code θ' = θ − λ·dL/dz},
     * dividing the finite difference by λ; the difference scheme, noise and samples are the layer's.
     *
     * @param lambda λ, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code lambda} is out of range
     */
    public static ImleEstimator imle(double lambda) {
        return new ImleEstimator(new FixedTarget(lambda, Attribute.ALPHA.defaultValue(Double.class),
                Attribute.SCALE_GRADIENT.defaultValue(Boolean.class)));
    }

    /**
     * Adaptive I-MLE (Minervini, Franceschi and Niepert, AAAI 2023) with the defaults of {@code @AimleLayer} (the
     * reference implementation's): α = 1, β₀ = 1, β step 1e-4, no momentum, decay 0.9, the moving average of the
     * gradient sparsity starting at 1, target norm 1, one λ per batch.
     *
     * @return a new estimator holding β: give each layer its own
     */
    public static ImleEstimator aimle() {
        return aimle(Attribute.INITIAL_BETA.defaultValue(Double.class),
                Attribute.BETA_UPDATE_STEP.defaultValue(Double.class), Attribute.TARGET_NORM.defaultValue(Double.class));
    }

    /**
     * Adaptive I-MLE (Minervini, Franceschi and Niepert, AAAI 2023) with {@code λ = β·‖θ‖ / ‖dL/dz‖} and β steered
     * towards a target number of non-zero gradient entries; α = 1, no momentum, decay 0.9, the moving average of the
     * gradient sparsity starting at 1 (as in the reference implementation), one λ per batch.
     *
     * @param initialBeta β₀, non-negative and finite
     * @param betaUpdateStep the step by which β moves after each backward pass, non-negative and finite
     * @param targetNorm the target number of non-zero entries per gradient estimate, non-negative and finite
     * @return a new estimator holding β: give each layer its own
     * @throws IllegalArgumentException if a value is out of the range of the {@code @AimleLayer} attribute of that
     *     name
     */
    public static ImleEstimator aimle(double initialBeta, double betaUpdateStep, double targetNorm) {
        return new ImleEstimator(new AdaptiveTarget(Attribute.INITIAL_ALPHA.defaultValue(Double.class), initialBeta,
                betaUpdateStep, Attribute.BETA_UPDATE_MOMENTUM.defaultValue(Double.class),
                Attribute.GRAD_NORM_DECAY.defaultValue(Double.class),
                Attribute.INITIAL_GRAD_NORM.defaultValue(Double.class), targetNorm, false));
    }

    /**
     * Straight-through estimation over perturb-and-MAP samples: the backward pass treats the solver as the identity.
     *
     * @return a new, stateless estimator
     */
    public static StraightThroughEstimator ste() {
        return new StraightThroughEstimator();
    }

    /**
     * Blackbox differentiation (DBB, Vlastelica et al., ICLR 2020) with interpolation step λ, on the noiseless
     * {@code MAP(θ)}.
     *
     * @param lambda λ, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code lambda} is out of range
     */
    public static BlackboxEstimator blackbox(double lambda) {
        return new BlackboxEstimator(lambda);
    }

    /**
     * Perturbed optimizer (Berthet et al., NeurIPS 2020); σ is the layer's noise temperature, and the layer's noise
     * must be Gaussian or Gumbel (checked on the first batch).
     *
     * @return a new, stateless estimator
     */
    public static PerturbedOptimizerEstimator perturbedOptimizer() {
        return new PerturbedOptimizerEstimator();
    }

    /**
     * Gumbel-softmax (Jang et al.; Maddison et al., ICLR 2017) for one-hot solvers: the soft samples
     * {@code softmax((φ + τ·G) / t)} forward and backward.
     *
     * @param temperature t, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code temperature} is out of range
     */
    public static GumbelSoftmaxEstimator gumbelSoftmax(double temperature) {
        return GumbelSoftmaxEstimator.soft(temperature);
    }

    /**
     * Straight-through Gumbel-softmax: the one-hot {@code argmax(φ + τ·G)} forward, the soft sample's gradient
     * backward.
     *
     * @param temperature t of the soft sample, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code temperature} is out of range
     */
    public static GumbelSoftmaxEstimator straightThroughGumbelSoftmax(double temperature) {
        return GumbelSoftmaxEstimator.straightThrough(temperature);
    }

    /**
     * Relaxed top-k (successive Gumbel-softmax, Xie and Ermon, IJCAI 2019) for k-subset solvers: the relaxation
     * forward and backward.
     *
     * @param k the subset size, at least 1 (and at most n, checked on the first batch)
     * @param temperature t, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code k} or {@code temperature} is out of range
     */
    public static RelaxedTopKEstimator relaxedTopK(int k, double temperature) {
        return RelaxedTopKEstimator.soft(k, temperature);
    }

    /**
     * Score-function (REINFORCE) estimation for a family with exact sampling and log-probabilities, with a
     * variance-reduction baseline; the rewards are the linearised loss ⟨dL/dz, z⟩ of each sample.
     *
     * @param family the distribution whose mode the layer's solver computes, for instance
     *     {@link ExponentialFamily#kSubset} for a top-k solver
     * @param baseline the baseline, owned by this estimator from now on: {@link Baseline#none()},
     *     {@link Baseline#movingAverage} (also the trainable constant baseline), {@link Baseline#leaveOneOut()},
     *     {@link Baseline#selfCritical()} (one extra solver call per step) or {@link Baseline#learned}
     * @return a new estimator, stateful if the baseline is
     * @throws IllegalArgumentException if {@code family} or {@code baseline} is null
     */
    public static ScoreFunctionEstimator scoreFunction(ExponentialFamily family, Baseline baseline) {
        return new ScoreFunctionEstimator(family, baseline);
    }

    /**
     * Straight-through relaxed top-k: the exact k-hot top-k of {@code φ + τ·G} forward, the relaxation's gradient
     * backward.
     *
     * @param k the subset size, at least 1 (and at most n, checked on the first batch)
     * @param temperature t of the relaxation, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code k} or {@code temperature} is out of range
     */
    public static RelaxedTopKEstimator straightThroughRelaxedTopK(int k, double temperature) {
        return RelaxedTopKEstimator.straightThrough(k, temperature);
    }

    /**
     * The stochastic softmax trick for spanning trees (Paulus et al., NeurIPS 2020) at temperature
     * {@link SpanningTreeSstEstimator#DEFAULT_TEMPERATURE} = 1, for spanning-tree solvers: the edge marginals of the
     * Gibbs distribution over spanning trees with weights {@code exp((φ + τ·G) / t)} forward and backward.
     *
     * @return a new, stateless estimator
     */
    public static SpanningTreeSstEstimator sstSpanningTree() {
        return SpanningTreeSstEstimator.soft(SpanningTreeSstEstimator.DEFAULT_TEMPERATURE);
    }

    /**
     * The stochastic softmax trick for spanning trees (Paulus et al., NeurIPS 2020) for spanning-tree solvers: the
     * edge marginals of the Gibbs distribution over spanning trees with weights {@code exp((φ + τ·G) / t)} forward and
     * backward.
     *
     * @param temperature t, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code temperature} is out of range
     */
    public static SpanningTreeSstEstimator sstSpanningTree(double temperature) {
        return SpanningTreeSstEstimator.soft(temperature);
    }

    /**
     * Straight-through spanning-tree SST: the maximum spanning tree of {@code φ + τ·G} forward, the edge marginals'
     * gradient backward.
     *
     * @param temperature t of the relaxation, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code temperature} is out of range
     */
    public static SpanningTreeSstEstimator straightThroughSstSpanningTree(double temperature) {
        return SpanningTreeSstEstimator.straightThrough(temperature);
    }

    /**
     * Hard Concrete gates (Louizos, Welling and Kingma, ICLR 2018) with the paper's β = 2/3, γ = −0.1, ζ = 1.1, for
     * independent-bits solvers: each bit is a stretched and rectified binary Concrete variable with location
     * {@code log α = φ}, exactly 0 or 1 with positive probability, forward and backward.
     *
     * @return a new, stateless estimator
     */
    public static HardConcreteEstimator hardConcrete() {
        return new HardConcreteEstimator(HardConcrete.paperDefaults());
    }

    /**
     * Hard Concrete gates of a given distribution, for independent-bits solvers.
     *
     * @param gates β, γ and ζ of the gates, for instance {@code HardConcrete.of(0.5, -0.1, 1.1)}
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code gates} is null
     */
    public static HardConcreteEstimator hardConcrete(HardConcrete gates) {
        return new HardConcreteEstimator(gates);
    }

    /**
     * Gaussian-sparsemax (Farinhas et al., ICLR 2022) for one-hot solvers: the samples
     * {@code sparsemax((φ + σ·ε) / t)} with the layer's Gaussian noise σ·ε, forward and backward; they lie on the
     * simplex's faces, the one-hot vertices with positive probability.
     *
     * @param temperature t, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code temperature} is out of range
     */
    public static GaussianSparsemaxEstimator gaussianSparsemax(double temperature) {
        return new GaussianSparsemaxEstimator(temperature);
    }

    /**
     * SparseMAP (Niculae, Martins, Blondel and Cardie, ICML 2018) with at most
     * {@link SparseMapEstimator#DEFAULT_MAX_ITERATIONS} = 1000 active-set iterations and the relative Frank–Wolfe gap
     * {@link SparseMapEstimator#DEFAULT_TOLERANCE} = 1e-9: the layer outputs the projection of θ onto the convex hull
     * of the solver's solutions, a sparse combination of a few of them found with the solver alone, and is
     * differentiated exactly. For solvers of any declared structure; noise and samples are ignored.
     *
     * @return a new, stateless estimator
     */
    public static SparseMapEstimator sparseMap() {
        return new SparseMapEstimator(SparseMapEstimator.DEFAULT_MAX_ITERATIONS, SparseMapEstimator.DEFAULT_TOLERANCE);
    }

    /**
     * SparseMAP (Niculae, Martins, Blondel and Cardie, ICML 2018) with the given limits.
     *
     * @param maxIterations the active-set iterations after the first solver call, each one solver call for the whole
     *     batch, at least 1; an instance that needs more fails with a {@link org.imle4j.runtime.solve.SolverException}
     * @param tolerance the Frank–Wolfe gap, relative to the size of its terms, at which an instance stops,
     *     non-negative and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if a value is out of range
     */
    public static SparseMapEstimator sparseMap(int maxIterations, double tolerance) {
        return new SparseMapEstimator(maxIterations, tolerance);
    }

    /** The estimators that fit solvers of {@code structure}, for messages about an estimator that does not. */
    static String fitting(Structure structure) {
        String anyStructure = "imle, aimle, ste, blackbox, perturbedOptimizer";
        String anyDeclared = anyStructure + ", sparseMap";
        return switch (structure) {
            case ONE_HOT -> anyDeclared + ", gumbelSoftmax, straightThroughGumbelSoftmax, relaxedTopK with k = 1, "
                    + "scoreFunction over ExponentialFamily.categorical(), gaussianSparsemax";
            case K_SUBSET -> anyDeclared + ", relaxedTopK, straightThroughRelaxedTopK, "
                    + "scoreFunction over ExponentialFamily.kSubset(k)";
            case INDEPENDENT_BITS -> anyDeclared + ", scoreFunction over ExponentialFamily.bernoulli(), "
                    + "hardConcrete";
            case SPANNING_TREE -> anyDeclared + ", sstSpanningTree, straightThroughSstSpanningTree";
            case BINARY, RANKING -> anyDeclared;
            case UNSPECIFIED -> anyStructure;
        };
    }
}
