package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The successive-softmax relaxation of Gumbel top-k sampling (Xie and Ermon, "Reparameterizable Subset Sampling via
 * Continuous Relaxations", IJCAI 2019), which Paulus, Choi, Tarlow, Krause and Maddison ("Gradient Estimation
 * with Stochastic Softmax Tricks", NeurIPS 2020) discuss alongside their stochastic softmax tricks for k-subset
 * selection. For layers whose solver picks the k best of n options.
 *
 * <p>Forward, for each of the S·M noise draws G of an example, with {@code a = φ + τ·G} (τ the layer's noise
 * temperature) and t this estimator's temperature:
 * <pre>
 *   α¹ = softmax(a / t)
 *   for j = 2..k:  a ← a + log(1 − α^{j−1}),  α^j = softmax(a / t)
 *   ẑ = Σ_j α^j
 * </pre>
 * Each α^j is a relaxed j-th draw without replacement: the log-mask pushes the options already taken towards −∞.
 * The mask is computed in log space: once a score leads the others by more than about 17·t, its α is 1 in single
 * precision and {@code 1 − α} is 0, but its logarithm, the log-mass of the other options relative to all, is finite
 * and is what the mask adds. Every row of ẑ sums to k and no entry exceeds 1, however far
 * one score leads. The straight-through variant forwards the exact top-k indicator of {@code a} and keeps the
 * relaxation's gradient: {@code out = z + ẑ − stopGradient(ẑ)}. Backward: ordinary autograd through the recursion;
 * no deferred backward.
 *
 * <p>Shapes: θ is {@code [B, n]} with n ≥ k; the output is {@code [B·S, n]} or, for {@code Output.MEAN},
 * {@code [B, n]}.
 *
 * <p>Assumptions and bias:
 * <ul>
 *   <li>With standard Gumbel noise ({@code Noise.GUMBEL}) the top-k of a is an exact draw of a k-subset without
 *       replacement from softmax(φ), and the relaxation tends to it as t → 0. The noise is the layer's own; other
 *       noise relaxes some other distribution, and no noise gives a deterministic smooth top-k of φ.</li>
 *   <li>For t &gt; 0, ẑ is not a k-hot vector, so the gradient is a biased estimate of the gradient of the expected
 *       loss of the discrete subsets; the bias vanishes as t → 0 while the gradient's variance grows.</li>
 *   <li>The straight-through variant evaluates the loss at the exact subset but differentiates the relaxation,
 *       elsewhere: biased for every t.</li>
 *   <li>While training the relaxation replaces the layer's solver, which is not called; outside training the layer
 *       returns its solver's MAP(θ), which must be the top-k with the same k for the two to describe the same
 *       problem.</li>
 * </ul>
 */
public final class RelaxedTopKEstimator implements GradientEstimator {
    /** The options axis of the samples {@code [B, S, M, n]}. */
    private static final int OPTIONS_AXIS = 3;

    private final int k;
    private final double temperature;
    private final boolean straightThrough;

    private RelaxedTopKEstimator(int k, double temperature, boolean straightThrough) {
        this.k = Range.AT_LEAST_ONE.require("relaxed top-k k", k);
        this.temperature = Range.POSITIVE.require("relaxed top-k temperature", temperature);
        this.straightThrough = straightThrough;
    }

    /**
     * Forwards and differentiates the relaxation ẑ.
     *
     * @param k the subset size, at least 1 (and at most n, checked on the first batch)
     * @param temperature t, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code k} is below 1 or {@code temperature} is not positive and finite
     */
    public static RelaxedTopKEstimator soft(int k, double temperature) {
        return new RelaxedTopKEstimator(k, temperature, false);
    }

    /**
     * Forwards the exact top-k indicator of φ + τ·G and differentiates the relaxation ẑ.
     *
     * @param k the subset size, at least 1 (and at most n, checked on the first batch)
     * @param temperature t, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code k} is below 1 or {@code temperature} is not positive and finite
     */
    public static RelaxedTopKEstimator straightThrough(int k, double temperature) {
        return new RelaxedTopKEstimator(k, temperature, true);
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        if (context.layout().eventShape().dimension() != 1) {
            throw new IllegalArgumentException(context.layer() + ": relaxed top-k selects k of n options, so θ "
                    + "must have shape [B, n], but has shape " + context.theta().getShape());
        }
        int options = Math.toIntExact(context.layout().eventShape().get(0));
        if (k > options) {
            throw new IllegalArgumentException(context.layer() + ": relaxed top-k selects k = " + k
                    + " options, but θ has only n = " + options + " per example (shape "
                    + context.theta().getShape() + "); k must be at most n");
        }
        double noiseTemperature = context.settings().noiseTemperature();
        NDArray perturbed = context.perturb(context.attachedPhi(), context.sampleNoise(), noiseTemperature);
        NDArray relaxed = relax(perturbed);
        if (!straightThrough) {
            return context.layout().differentiableOutput(relaxed);
        }
        NDArray chosen = perturbed.stopGradient().topK(k, OPTIONS_AXIS, true, false).get(1);
        // [B, S, M, k] indices become [B, S, M, k, n] one-hot rows, summed over the k picks.
        NDArray kHot = chosen.oneHot(options).sum(new int[] {3}).toType(relaxed.getDataType(), false);
        // relaxed − stopGradient(relaxed) is exactly zero, so the forward value is the k-hot vector bit for bit.
        return context.layout().differentiableOutput(kHot.add(relaxed.sub(relaxed.stopGradient())));
    }

    /** ẑ = Σ_j α^j for the scores a, {@code [B, S, M, n]}. */
    private NDArray relax(NDArray scores) {
        // Scalars that autograd keeps for the backward pass must outlive the operation: see Scalars.
        NDArray t = Scalars.of(scores, temperature);
        NDArray one = Scalars.of(scores, 1);
        NDArray half = Scalars.of(scores, 0.5);
        NDArray excluded = Scalars.of(scores, Double.NEGATIVE_INFINITY);
        NDArray logits = scores;
        NDArray z = logits.div(t);
        NDArray alpha = z.softmax(OPTIONS_AXIS);
        NDArray relaxed = alpha;
        for (int j = 2; j <= k; j++) {
            logits = logits.add(logOneMinus(z, alpha, one, half, excluded));
            z = logits.div(t);
            alpha = z.softmax(OPTIONS_AXIS);
            relaxed = relaxed.add(alpha);
        }
        return relaxed;
    }

    /**
     * {@code log(1 − α)} for {@code α = softmax(z)}, exact in floating point with an exact gradient. Where α ≤ ½,
     * {@code 1 − α} is computed without loss. At most one option per row has α &gt; ½; its {@code 1 − α} is the mass
     * of the others, {@code log Σ_{j≠i} α_j} from their log-softmax values, a log-sum-exp shifted by its largest term
     * so that it does not underflow to {@code log 0}. The plain formula is kept finite at the dominant option (log 1
     * instead of log 0), so that the gradient it does not pass there is 0, not 0/0.
     */
    private static NDArray logOneMinus(NDArray z, NDArray alpha, NDArray one, NDArray half, NDArray excluded) {
        NDArray dominant = alpha.stopGradient().gt(half);
        NDArray taken = dominant.toType(alpha.getDataType(), false);
        // log(1 − α·(1 − taken)): log 1 = 0, with zero gradient, for the dominant option.
        NDArray plain = alpha.mul(taken.neg().add(one)).neg().add(one).log();
        NDArray logAlpha = z.logSoftmax(OPTIONS_AXIS);
        NDArray others = logSumExp(NDArrays.where(dominant, excluded.broadcast(z.getShape()), logAlpha));
        return plain.add(taken.mul(others));
    }

    /** {@code log Σ exp} over the options, {@code [B, S, M, 1]}, shifted by the largest term. */
    private static NDArray logSumExp(NDArray z) {
        NDArray shift = z.stopGradient().max(new int[] {OPTIONS_AXIS}, true);
        return z.sub(shift).exp().sum(new int[] {OPTIONS_AXIS}, true).log().add(shift);
    }

    /**
     * The top-k, whose Gumbel top-k sampling it relaxes.
     *
     * @return a {@link Structure#K_SUBSET} solver, or for k = 1 also a {@link Structure#ONE_HOT} one; any noise
     */
    @Override
    public EstimatorRequirements requirements() {
        String reason = "relaxes the choice of the k best options";
        return k == 1
                ? EstimatorRequirements.structure(reason, Structure.K_SUBSET, Structure.ONE_HOT)
                : EstimatorRequirements.structure(reason, Structure.K_SUBSET);
    }

    @Override
    public String toString() {
        return "relaxed top-k(k=" + k + ", t=" + temperature + (straightThrough ? ", straight-through)" : ")");
    }
}
