package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Set;
import org.imle4j.annotation.Structure;

/**
 * The score-function (REINFORCE) estimator (Williams, 1992): the layer's output is an exact draw
 * {@code z ~ p(z; φ) ∝ exp⟨z, φ⟩} from an {@link ExponentialFamily}, and
 * {@code ∇_φ E_p[f(z)] = E_p[(f(z) − b)·∇_φ log p(z; φ)] = E_p[(f(z) − b)·(z − μ(φ))]} is estimated by its sample
 * mean, with a {@link Baseline} b against the variance.
 *
 * <p>Forward: S·M draws per example from the family. The layer's solver is called while training only by the
 * {@link Baseline#selfCritical() self-critical} baseline, once per step on the noiseless φ; at inference the layer
 * returns {@code MAP(θ)}: the family should be the one whose mode the solver computes
 * (k-subsets for top-k, categorical for argmax). The layer's noise and difference settings are ignored. Events must be
 * vectors: θ of shape {@code [B, n]}.
 *
 * <p>Backward: the layer only sees {@code G = dL/dz}, so by default the reward of a draw is the linearised loss
 * {@code f(z_s) = ⟨G_s, z_s⟩}. For a loss linear in z, {@code L = ⟨c, z⟩}, this is the loss itself and the estimate
 * is unbiased. Otherwise G depends on the draws and f is a first-order stand-in: for {@code L = ‖z − t‖²} over
 * k-subsets, {@code G = 2(z − t)} gives {@code f = 2k − 2⟨t, z⟩}, which differs from the true loss
 * {@code k − 2⟨t, z⟩ + ‖t‖²} by {@code k − ‖t‖²}, a constant per example that the leave-one-out baseline cancels
 * exactly and the moving average on average. A {@link Reward} can compute the true loss instead, and
 * {@link #estimate} takes the rewards directly.
 *
 * <p>The S·M draws of an example form one pool of equally weighted samples: the estimate is their mean, which is the
 * mean over M and then over S that other estimators take, and the baseline sees them as {@code [B, S·M]}. As with
 * every estimator of this runtime, per-sample outputs ({@code [B·S, …]}) yield the mean, not the sum, of the
 * per-sample gradients.
 */
public final class ScoreFunctionEstimator implements GradientEstimator {
    private final ExponentialFamily family;
    private final Baseline baseline;
    private final Reward reward;

    /**
     * An estimator whose reward is the linearised loss {@code ⟨dL/dz, z⟩}.
     *
     * @param family the distribution the layer's output is drawn from; its mode should be the solver's MAP
     * @param baseline the variance-reduction baseline, owned by this estimator from now on
     * @throws IllegalArgumentException if {@code family} or {@code baseline} is null
     */
    public ScoreFunctionEstimator(ExponentialFamily family, Baseline baseline) {
        this(family, baseline, Reward.linearised());
    }

    /**
     * An estimator with a reward of its own, for instance the true loss of each draw when the caller can compute it.
     *
     * @param family the distribution the layer's output is drawn from; its mode should be the solver's MAP
     * @param baseline the variance-reduction baseline, owned by this estimator from now on
     * @param reward the reward f of each draw, called in the backward pass
     * @throws IllegalArgumentException if any argument is null
     */
    public ScoreFunctionEstimator(ExponentialFamily family, Baseline baseline, Reward reward) {
        if (family == null || baseline == null || reward == null) {
            throw new IllegalArgumentException("the score-function estimator needs a family, a baseline and a reward, "
                    + "but got " + family + ", " + baseline + ", " + reward);
        }
        this.family = family;
        this.baseline = baseline;
        this.reward = reward;
    }

    /** The quantity f(z) of each draw whose expectation the estimator differentiates: the draw's loss. */
    @FunctionalInterface
    public interface Reward {
        /**
         * The reward of each draw.
         *
         * @param samples the draws, {@code [B, S, M, n]}
         * @param outputGradient dL/dz of the layer's output, {@code [B, g, 1, n]} (g = S, or 1 for the mean output)
         * @return {@code [B, S, M]}
         */
        NDArray reward(NDArray samples, NDArray outputGradient);

        /**
         * {@code f(z) = ⟨dL/dz, z⟩}, the loss linearised at the layer's output (see the class comment for when it is
         * exact).
         *
         * @return the reward the two-argument constructor uses
         */
        static Reward linearised() {
            return (samples, outputGradient) -> samples.mul(outputGradient).sum(new int[] {3});
        }
    }

    /**
     * The distribution the layer's training output is drawn from.
     *
     * @return the family this estimator was created with
     */
    public ExponentialFamily family() {
        return family;
    }

    /**
     * The variance-reduction baseline, for reading its state during training.
     *
     * @return the baseline this estimator was created with
     */
    public Baseline baseline() {
        return baseline;
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        Shape eventShape = context.layout().eventShape();
        if (eventShape.dimension() != 1) {
            throw new IllegalArgumentException(context.layer() + ": the score-function estimator draws vectors from "
                    + "the " + family + " family, so θ must have shape [B, n], but has shape "
                    + context.theta().getShape() + "; flatten θ's event axes before the layer");
        }
        int draws = context.settings().repeats();
        if (draws < baseline.minimumSamples()) {
            throw new IllegalArgumentException(context.layer() + ": the " + baseline + " needs at least "
                    + baseline.minimumSamples() + " draws per example, but the layer draws S·M = " + draws
                    + "; raise optSamples");
        }
        NDArray phi = context.phi();
        NDArray pool = family.sample(phi, draws);
        NDArray samples = pool.reshape(context.layout().sampleShape());
        return context.emit(samples, outputGradient -> gradient(context, phi, pool, samples, outputGradient));
    }

    private NDArray gradient(EstimatorContext context, NDArray phi, NDArray pool, NDArray samples,
            NDArray outputGradient) {
        NDArray rewards = reward.reward(samples, outputGradient);
        Shape expected = samples.getShape().slice(0, 3);
        if (!expected.equals(rewards.getShape())) {
            throw new IllegalArgumentException(context.layer() + ": the reward must have the shape [B, S, M] = "
                    + expected + ", but has shape " + rewards.getShape());
        }
        NDArray pooledRewards = rewards.reshape(pool.getShape().slice(0, 2)).toType(phi.getDataType(), false);
        // A moving average takes these rewards into its state; a backward that fails later puts the state back.
        context.restoreOnFailure(baseline.snapshot());
        NDArray baselines = baseline.baselines(phi, pooledRewards,
                () -> mapRewards(context, phi, samples, outputGradient).reshape(pooledRewards.getShape()));
        if (context.reporting()) {
            context.report("baseline", baselines.mean().toType(DataType.FLOAT64, false).getDouble());
            NDArray deviations = pooledRewards.sub(pooledRewards.mean(new int[] {1}, true));
            NDArray perExampleStd = deviations.square().mean(new int[] {1}).sqrt();
            context.report("rewardStd", perExampleStd.mean().toType(DataType.FLOAT64, false).getDouble());
        }
        return meanWeightedScore(family, phi, pool, pooledRewards, baselines);
    }

    /**
     * The reward of the noiseless {@code MAP(φ)} in every draw's place, {@code [B, S, M]}: one solver call for the B
     * instances, and the reward evaluated on the mode broadcast to the draws' shape, so that a reward that pairs each
     * draw with its own dL/dz sees the same shapes as for the draws.
     */
    private NDArray mapRewards(EstimatorContext context, NDArray phi, NDArray samples, NDArray outputGradient) {
        NDArray mode = context.layout().perSample(context.solve(phi)).broadcast(samples.getShape());
        return reward.reward(mode, outputGradient).toType(phi.getDataType(), false);
    }

    /**
     * The score-function estimate of {@code ∇_φ E_p[f]} from given draws and their rewards, for callers that know the
     * true loss of each draw (for instance to measure how far the linearised reward is from it).
     *
     * @param family the distribution the draws come from
     * @param phi {@code [B, n]}, maximisation form
     * @param samples exact draws from {@code p(·; φ)}, {@code [B, S, n]}
     * @param rewards f of each draw, {@code [B, S]}
     * @param baseline the baseline; a stateful one counts this call as one use
     * @return {@code mean_s (f_s − b_s)·(z_s − μ(φ))}, {@code [B, n]}
     * @throws IllegalArgumentException if the shapes do not match {@code [B, n]}, {@code [B, S, n]} and
     *     {@code [B, S]}, or if the baseline rejects them; the {@link Baseline#selfCritical() self-critical} baseline
     *     needs the reward of {@code MAP(φ)}, which the six-argument form takes
     */
    public static NDArray estimate(ExponentialFamily family, NDArray phi, NDArray samples, NDArray rewards,
            Baseline baseline) {
        checkShapes(phi, samples, rewards);
        NDArray typedRewards = rewards.toType(phi.getDataType(), false);
        return meanWeightedScore(family, phi, samples.toType(phi.getDataType(), false), typedRewards,
                baseline.baselines(phi, typedRewards));
    }

    /**
     * The score-function estimate of {@code ∇_φ E_p[f]} from given draws, their rewards and the reward of the
     * noiseless {@code MAP(φ)} of each example, for the {@link Baseline#selfCritical() self-critical} baseline; other
     * baselines ignore {@code mapRewards}.
     *
     * @param family the distribution the draws come from
     * @param phi {@code [B, n]}, maximisation form
     * @param samples exact draws from {@code p(·; φ)}, {@code [B, S, n]}
     * @param rewards f of each draw, {@code [B, S]}
     * @param mapRewards {@code f(MAP(φ))} of each example, {@code [B, 1]}
     * @param baseline the baseline; a stateful one counts this call as one use
     * @return {@code mean_s (f_s − b_s)·(z_s − μ(φ))}, {@code [B, n]}
     * @throws IllegalArgumentException if the shapes do not match {@code [B, n]}, {@code [B, S, n]}, {@code [B, S]}
     *     and {@code [B, 1]}, or if the baseline rejects them
     */
    public static NDArray estimate(ExponentialFamily family, NDArray phi, NDArray samples, NDArray rewards,
            NDArray mapRewards, Baseline baseline) {
        checkShapes(phi, samples, rewards);
        if (!mapRewards.getShape().equals(new Shape(phi.getShape().get(0), 1))) {
            throw new IllegalArgumentException("the score-function estimate takes the rewards of MAP(φ) as [B, 1] = ("
                    + phi.getShape().get(0) + ", 1), but got " + mapRewards.getShape());
        }
        NDArray typedRewards = rewards.toType(phi.getDataType(), false);
        NDArray typedMapRewards = mapRewards.toType(phi.getDataType(), false);
        return meanWeightedScore(family, phi, samples.toType(phi.getDataType(), false), typedRewards,
                baseline.baselines(phi, typedRewards, () -> typedMapRewards));
    }

    private static void checkShapes(NDArray phi, NDArray samples, NDArray rewards) {
        Shape phiShape = phi.getShape();
        Shape sampleShape = samples.getShape();
        if (phiShape.dimension() != 2 || sampleShape.dimension() != 3 || sampleShape.get(0) != phiShape.get(0)
                || sampleShape.get(2) != phiShape.get(1) || !rewards.getShape().equals(sampleShape.slice(0, 2))) {
            throw new IllegalArgumentException("the score-function estimate takes φ [B, n], samples [B, S, n] and "
                    + "rewards [B, S], but got φ " + phiShape + ", samples " + sampleShape + ", rewards "
                    + rewards.getShape());
        }
    }

    private static NDArray meanWeightedScore(ExponentialFamily family, NDArray phi, NDArray samples,
            NDArray rewards, NDArray baselines) {
        NDArray advantages = rewards.sub(baselines).expandDims(2);
        return family.scoreGradient(phi, samples).mul(advantages).mean(new int[] {1});
    }

    /**
     * The solver structures whose MAP is the family's mode, as the family states them: the layer returns the solver's
     * MAP at inference.
     *
     * @return the family's structures (any solver when it states none), any noise
     */
    @Override
    public EstimatorRequirements requirements() {
        Set<Structure> structures = family.structures();
        return structures.isEmpty()
                ? EstimatorRequirements.none()
                : new EstimatorRequirements(structures, Set.of(), false,
                        "draws from the " + family + " family, whose mode the solver must compute at inference");
    }

    // Baselines differ in their state: the kind names the baseline's class.
    @Override
    public String stateKind() {
        return "score function, baseline " + baseline.getClass().getName();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        baseline.saveState(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        baseline.loadState(in);
    }

    @Override
    public String toString() {
        return "SFE(" + family + ", " + baseline + ")";
    }
}
