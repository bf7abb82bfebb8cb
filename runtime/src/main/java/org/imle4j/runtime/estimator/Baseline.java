package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The baseline b of the score-function estimate {@code (f(z) − b)·∇_φ log p(z; φ)}. Since
 * {@code E_p[∇_φ log p(z; φ)] = 0}, any b that does not depend on the sample z it multiplies leaves the estimate
 * unbiased; a b close to {@code E_p[f]} lowers its variance.
 *
 * <p>Rewards are laid out {@code [B, S]}, S samples per example; baselines {@code [B, S]}, or {@code [B, 1]} when
 * all samples of an example share theirs. A stateful baseline belongs to one estimator: give each layer its own.
 */
public abstract class Baseline {

    /** Closed to subclasses outside this package: the factories below are the baselines there are. */
    Baseline() {}

    /**
     * The baselines for the rewards of one estimate; a stateful baseline then takes these rewards into its state,
     * so each call counts as one use.
     *
     * @param phi {@code [B, n]}, maximisation form
     * @param rewards {@code [B, S]}, of φ's data type
     * @param mapRewards computes the reward of the noiseless {@code MAP(φ)} of each example, {@code [B, S]} or
     *     {@code [B, 1]} of φ's data type, at the cost of a solver call and a reward evaluation: only the baselines
     *     that need it call it
     * @return {@code [B, S]} or {@code [B, 1]}, of φ's data type, detached from any graph
     */
    abstract NDArray baselines(NDArray phi, NDArray rewards, Supplier<NDArray> mapRewards);

    /**
     * {@link #baselines(NDArray, NDArray, Supplier)} where the reward of {@code MAP(φ)} is not known.
     *
     * @param phi {@code [B, n]}, maximisation form
     * @param rewards {@code [B, S]}, of φ's data type
     * @return {@code [B, S]} or {@code [B, 1]}, of φ's data type, detached from any graph
     * @throws IllegalArgumentException if this baseline needs the reward of {@code MAP(φ)}
     */
    final NDArray baselines(NDArray phi, NDArray rewards) {
        return baselines(phi, rewards, () -> {
            throw new IllegalArgumentException("the " + this + " needs the reward of MAP(φ), which the caller did not "
                    + "give: pass it to ScoreFunctionEstimator.estimate(family, φ, samples, rewards, mapRewards, "
                    + "baseline)");
        });
    }

    /**
     * Writes the state that must survive a checkpoint (the moving average's current b); stateless baselines write
     * nothing. Called by the estimator that owns this baseline.
     *
     * @param out the stream of the model's parameter file
     * @throws IOException if writing fails
     */
    void saveState(DataOutputStream out) throws IOException {}

    /**
     * Reads the state written by {@link #saveState}, replacing the current state, and checks it: nothing changes
     * unless all of it is valid.
     *
     * @param in the layer's framed state, positioned where {@link #saveState} began writing
     * @throws IOException if reading fails or the stream ends early; {@link java.io.StreamCorruptedException} if a
     *     value is out of range
     */
    void loadState(DataInputStream in) throws IOException {}

    /**
     * Captures the state that {@link #baselines} updates, so that the score-function estimator can put it back when
     * the backward pass fails after the update.
     *
     * @return an action that restores the state as it is now; one that does nothing for stateless baselines
     */
    Runnable snapshot() {
        return () -> {};
    }

    /**
     * The fewest samples per example this baseline works with, which the score-function estimator checks before it
     * draws.
     *
     * @return 1, or 2 for the leave-one-out baseline
     */
    int minimumSamples() {
        return 1;
    }

    /**
     * b = 0: plain REINFORCE, unbiased but with the full variance of the rewards.
     *
     * @return a new, stateless baseline
     */
    public static Baseline none() {
        return new None();
    }

    /**
     * A scalar b shared by all examples, the exponential moving average of the mean reward: starting from 0, each
     * use answers the current b and then updates {@code b ← decay·b + (1 − decay)·mean f} over the batch's rewards.
     * The current batch does not affect its own b, which keeps the estimate unbiased; b is biased towards 0 for
     * about {@code 1 / (1 − decay)} uses. b is saved with the layer.
     *
     * <p>This is also the trainable constant baseline: the update is one step of stochastic gradient descent with
     * learning rate {@code 1 − decay} on the squared error {@code ½(b − mean f)²}, whose minimiser over a fixed
     * problem is {@code E[f]}. It holds a single scalar per estimator, hence per layer (the factory given to
     * {@code optEstimator} builds one estimator per layer), and converges towards the mean reward: on a fixed
     * problem {@code E[b_t] = (1 − decay^t)·E[f]}, with a stationary variance of
     * {@code (1 − decay)/(1 + decay)·Var(mean f)}.
     *
     * @param decay in {@code [0, 1)}: 0 uses the previous batch's mean reward
     * @return a new baseline, with b = 0
     * @throws IllegalArgumentException if {@code decay} is not in {@code [0, 1)}
     */
    public static Baseline movingAverage(double decay) {
        return new MovingAverage(Range.UNIT_INTERVAL.require("decay of the moving-average baseline", decay));
    }

    /**
     * {@code b_s = mean of the other S − 1 rewards of the same example}: independent of sample s, and free of any
     * offset of the rewards shared by the example's samples (Kool, van Hoof and Welling, "Buy 4 REINFORCE Samples, Get
     * a Baseline for Free!", 2019): {@code b_s = (Σ_j f_j − f_s) / (S − 1)}.
     *
     * @return a new, stateless baseline; it needs S ≥ 2 draws per example, and the score-function estimator rejects
     *     a layer with fewer when it runs
     */
    public static Baseline leaveOneOut() {
        return new LeaveOneOut();
    }

    /**
     * The self-critical baseline (Rennie, Marcheret, Mroueh, Ross and Goel, "Self-critical Sequence Training for Image
     * Captioning", CVPR 2017): {@code b = f(MAP(φ))}, the reward of the noiseless mode, evaluated with the estimator's
     * own reward, so that a draw is rewarded by how much better than the solver's current answer it does. Each
     * estimate costs one extra solver call ({@code MAP(φ)}, B instances, no noise) and one extra reward evaluation.
     *
     * <p>b is unbiased whenever the reward of {@code MAP(φ)} does not depend on the draws: always for a
     * {@link ScoreFunctionEstimator.Reward} that computes each draw's loss from the draw alone, and for the
     * linearised reward {@code ⟨G, z⟩} when the loss is linear in z (G constant). With the linearised reward of a
     * non-linear loss, {@code b_s = ⟨G_s, MAP(φ)⟩} depends on draw s through {@code G_s}: for
     * {@code L = ‖z − t‖²} over k-subsets, {@code f_s − b_s} exceeds the true difference of losses by
     * {@code ‖z_s − MAP(φ)‖²}; prefer leave-one-out or the true loss there. For a b that does not depend on the draw,
     * the variance of each coordinate is a quadratic in b, lower than without a baseline for b between 0 and twice a
     * weighted mean of the rewards: the self-critical baseline lowers it whenever all rewards lie in {@code [m, 2m]}
     * for some m &gt; 0.
     *
     * @return a new, stateless baseline
     */
    public static Baseline selfCritical() {
        return new SelfCritical();
    }

    /**
     * A baseline computed by the user, typically a small network's prediction of the reward from φ or from the
     * model's input. The function runs during the backward pass and receives φ {@code [B, n]} and the rewards
     * {@code [B, S]}; it returns {@code [B, S]} or {@code [B, 1]}. Its result is detached: training the baseline
     * (for instance regressing it onto the rewards it receives, kept for the next step's loss) is the user's
     * business. To keep the estimate unbiased, {@code b_s} must not depend on reward s itself.
     *
     * @param baselines the function {@code (φ [B, n], rewards [B, S]) → [B, S] or [B, 1]}; a result of another
     *     shape fails the backward pass with an {@link IllegalArgumentException}
     * @return a new baseline that calls {@code baselines} once per estimate
     * @throws IllegalArgumentException if {@code baselines} is null
     */
    public static Baseline learned(BiFunction<NDArray, NDArray, NDArray> baselines) {
        if (baselines == null) {
            throw new IllegalArgumentException("the learned baseline's function must not be null");
        }
        return new Learned(baselines);
    }

    private static final class None extends Baseline {
        @Override
        public NDArray baselines(NDArray phi, NDArray rewards, Supplier<NDArray> mapRewards) {
            return rewards.getManager().zeros(new Shape(rewards.getShape().get(0), 1), rewards.getDataType(),
                    rewards.getDevice());
        }

        @Override
        public String toString() {
            return "no baseline";
        }
    }

    private static final class MovingAverage extends Baseline {
        private final double decay;
        private double value;

        MovingAverage(double decay) {
            this.decay = decay;
        }

        @Override
        public synchronized NDArray baselines(NDArray phi, NDArray rewards, Supplier<NDArray> mapRewards) {
            NDArray current = rewards.getManager().zeros(new Shape(rewards.getShape().get(0), 1),
                    rewards.getDataType(), rewards.getDevice());
            current = current.add(Scalars.of(current, value));
            value = decay * value + (1 - decay) * rewards.mean().toType(DataType.FLOAT64, false).getDouble();
            return current;
        }

        @Override
        synchronized Runnable snapshot() {
            double saved = value;
            return () -> restore(saved);
        }

        private synchronized void restore(double saved) {
            value = saved;
        }

        @Override
        public synchronized void saveState(DataOutputStream out) throws IOException {
            out.writeDouble(value);
        }

        @Override
        public synchronized void loadState(DataInputStream in) throws IOException {
            double loaded = in.readDouble();
            if (!Double.isFinite(loaded)) {
                throw new StreamCorruptedException("the moving-average baseline must be finite, but the checkpoint "
                        + "holds " + loaded);
            }
            value = loaded;
        }

        @Override
        public String toString() {
            return "moving-average baseline (decay " + decay + ")";
        }
    }

    private static final class LeaveOneOut extends Baseline {
        @Override
        public NDArray baselines(NDArray phi, NDArray rewards, Supplier<NDArray> mapRewards) {
            long samples = rewards.getShape().get(1);
            if (samples < minimumSamples()) {
                throw new IllegalArgumentException("the leave-one-out baseline averages the other samples of an "
                        + "example, so it needs at least 2 samples per example, but got " + samples);
            }
            return rewards.sum(new int[] {1}, true).sub(rewards).div(Scalars.of(rewards, samples - 1));
        }

        @Override
        int minimumSamples() {
            return 2;
        }

        @Override
        public String toString() {
            return "leave-one-out baseline";
        }
    }

    private static final class SelfCritical extends Baseline {
        @Override
        public NDArray baselines(NDArray phi, NDArray rewards, Supplier<NDArray> mapRewards) {
            NDArray values = mapRewards.get();
            Shape rewardShape = rewards.getShape();
            Shape shape = values.getShape();
            if (shape.dimension() != 2 || shape.get(0) != rewardShape.get(0)
                    || (shape.get(1) != 1 && shape.get(1) != rewardShape.get(1))) {
                throw new IllegalArgumentException("the self-critical baseline needs the reward of MAP(φ) as [B, S] = "
                        + rewardShape + " or [B, 1], but got " + shape);
            }
            return values.stopGradient().toType(rewards.getDataType(), false);
        }

        @Override
        public String toString() {
            return "self-critical baseline";
        }
    }

    private static final class Learned extends Baseline {
        private final BiFunction<NDArray, NDArray, NDArray> function;

        Learned(BiFunction<NDArray, NDArray, NDArray> function) {
            this.function = function;
        }

        @Override
        public NDArray baselines(NDArray phi, NDArray rewards, Supplier<NDArray> mapRewards) {
            NDArray baselines = function.apply(phi, rewards);
            Shape rewardShape = rewards.getShape();
            Shape shape = baselines == null ? null : baselines.getShape();
            if (shape == null || shape.dimension() != 2 || shape.get(0) != rewardShape.get(0)
                    || (shape.get(1) != 1 && shape.get(1) != rewardShape.get(1))) {
                throw new IllegalArgumentException("the learned baseline must return [B, S] = " + rewardShape
                        + " or [B, 1], but returned " + shape);
            }
            return baselines.stopGradient().toType(rewards.getDataType(), false);
        }

        @Override
        public String toString() {
            return "learned baseline";
        }
    }
}
