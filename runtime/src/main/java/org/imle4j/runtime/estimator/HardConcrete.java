package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The Hard Concrete distribution of a binary gate (Louizos, Welling and Kingma, "Learning Sparse Neural Networks
 * through L0 Regularization", ICLR 2018): a Concrete (binary Gumbel-softmax) variable stretched to an interval
 * {@code (γ, ζ)} that contains [0, 1] and rectified back into it, so that a gate is exactly 0 or exactly 1 with
 * positive probability and continuous in between, and is reparameterised through its location {@code log α}.
 *
 * <p>A draw from uniform {@code u}, with temperature β:
 * <pre>
 *   s = σ((log u − log(1 − u) + log α) / β),   s̄ = s·(ζ − γ) + γ,   z = min(1, max(0, s̄))
 * </pre>
 * Since {@code log u − log(1 − u)} is standard logistic, {@code P(s̄ ≤ x) = σ(β·logit((x − γ)/(ζ − γ)) − log α)}, so
 * <pre>
 *   P(z = 0) = σ(β·log(−γ/ζ) − log α)
 *   P(z = 1) = σ(log α − β·log((1 − γ)/(ζ − 1)))
 *   P(z ≠ 0) = σ(log α − β·log(−γ/ζ))            (the expected L0 norm of one gate)
 *   E[z]     = ∫₀¹ σ(log α − β·log((t − γ)/(ζ − t))) dt
 * </pre>
 * The gradient of z in log α is {@code (ζ − γ)·s·(1 − s)/β} where {@code 0 < s̄ < 1} and 0 where the gate is
 * rectified. The paper's test-time gate is the deterministic {@code min(1, max(0, σ(log α)·(ζ − γ) + γ))}.
 *
 * <p>Defaults (the paper's): β = 2/3, γ = −0.1, ζ = 1.1, for which both {@code −γ/ζ} and {@code (ζ − 1)/(1 − γ)} are
 * 1/11. Instances are immutable. All array methods work element-wise, on the input's device and in its data type.
 */
public final class HardConcrete {
    /** The paper's temperature β = 2/3. */
    public static final double DEFAULT_TEMPERATURE = 2.0 / 3.0;
    /** The paper's lower end of the stretched interval, γ = −0.1. */
    public static final double DEFAULT_LOWER = -0.1;
    /** The paper's upper end of the stretched interval, ζ = 1.1. */
    public static final double DEFAULT_UPPER = 1.1;

    private final double temperature;
    private final double lower;
    private final double upper;

    private HardConcrete(double temperature, double lower, double upper) {
        this.temperature = Range.POSITIVE.require("Hard Concrete temperature β", temperature);
        if (!(lower < 0) || !Double.isFinite(lower)) {
            throw new IllegalArgumentException("Hard Concrete lower end γ must be negative and finite, so that a gate "
                    + "is 0 with positive probability, but was " + lower);
        }
        if (!(upper > 1) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("Hard Concrete upper end ζ must be greater than 1 and finite, so that "
                    + "a gate is 1 with positive probability, but was " + upper);
        }
        this.lower = lower;
        this.upper = upper;
    }

    /**
     * The paper's gates: β = 2/3, γ = −0.1, ζ = 1.1.
     *
     * @return the distribution
     */
    public static HardConcrete paperDefaults() {
        return new HardConcrete(DEFAULT_TEMPERATURE, DEFAULT_LOWER, DEFAULT_UPPER);
    }

    /**
     * Gates of the given temperature and stretch.
     *
     * @param temperature β, positive and finite: small β gives gates that are nearly always 0 or 1
     * @param lower γ, negative and finite
     * @param upper ζ, greater than 1 and finite
     * @return the distribution
     * @throws IllegalArgumentException if a value is out of its range, naming it
     */
    public static HardConcrete of(double temperature, double lower, double upper) {
        return new HardConcrete(temperature, lower, upper);
    }

    /**
     * The temperature.
     *
     * @return β
     */
    public double temperature() {
        return temperature;
    }

    /**
     * The lower end of the stretched interval.
     *
     * @return γ
     */
    public double lower() {
        return lower;
    }

    /**
     * The upper end of the stretched interval.
     *
     * @return ζ
     */
    public double upper() {
        return upper;
    }

    /**
     * Standard logistic noise {@code log u − log(1 − u)}, the randomness of {@link #gate}. The uniforms are drawn in
     * double precision from DJL's random generator (so {@code Engine.getInstance().setRandomSeed} makes them
     * reproducible) on {@code [2^-149, 1)}, where both logarithms are finite.
     *
     * @param like the array whose data type, device and manager the noise takes
     * @param shape the noise's shape
     * @return the noise, a new array that takes no gradient
     */
    public NDArray logisticNoise(NDArray like, Shape shape) {
        NDArray uniforms = like.getManager().randomUniform(Float.MIN_VALUE, 1f, shape, DataType.FLOAT64,
                like.getDevice());
        NDArray logistic = uniforms.log().sub(uniforms.neg().add(Scalars.of(uniforms, 1)).log());
        return logistic.toType(like.getDataType(), false);
    }

    /**
     * The gates {@code z = min(1, max(0, σ((L + log α)/β)·(ζ − γ) + γ))} for logistic noise L, differentiable in
     * log α.
     *
     * @param logAlpha log α, broadcast against the noise
     * @param logisticNoise L, for instance from {@link #logisticNoise}
     * @return z in [0, 1], in the broadcast shape
     */
    public NDArray gate(NDArray logAlpha, NDArray logisticNoise) {
        NDArray s = Activation.sigmoid(logAlpha.add(logisticNoise).div(Scalars.of(logAlpha, temperature)));
        return stretchAndRectify(s);
    }

    /**
     * One draw of each gate: {@link #gate} with fresh {@link #logisticNoise}.
     *
     * @param logAlpha log α, any shape
     * @return z in [0, 1], log α's shape, differentiable in log α
     */
    public NDArray sample(NDArray logAlpha) {
        return gate(logAlpha, logisticNoise(logAlpha, logAlpha.getShape()));
    }

    /**
     * The paper's test-time gate {@code min(1, max(0, σ(log α)·(ζ − γ) + γ))}: the gate at noise L = 0.
     *
     * @param logAlpha log α, any shape
     * @return the gates in [0, 1], log α's shape
     */
    public NDArray deterministicGate(NDArray logAlpha) {
        return stretchAndRectify(Activation.sigmoid(logAlpha));
    }

    /**
     * The probability that a gate is exactly 0, {@code σ(β·log(−γ/ζ) − log α)}.
     *
     * @param logAlpha log α, any shape
     * @return the probabilities, log α's shape
     */
    public NDArray probabilityOfZero(NDArray logAlpha) {
        return Activation.sigmoid(logAlpha.neg().add(Scalars.of(logAlpha, zeroThreshold())));
    }

    /**
     * The probability that a gate is exactly 1, {@code σ(log α − β·log((1 − γ)/(ζ − 1)))}.
     *
     * @param logAlpha log α, any shape
     * @return the probabilities, log α's shape
     */
    public NDArray probabilityOfOne(NDArray logAlpha) {
        double oneThreshold = temperature * Math.log((1 - lower) / (upper - 1));
        return Activation.sigmoid(logAlpha.sub(Scalars.of(logAlpha, oneThreshold)));
    }

    /**
     * The probability that a gate is not 0, {@code σ(log α − β·log(−γ/ζ))}: summed over the gates, the expected L0
     * norm that the paper penalises. Differentiable in log α.
     *
     * @param logAlpha log α, any shape
     * @return the probabilities, log α's shape
     */
    public NDArray nonZeroProbability(NDArray logAlpha) {
        return Activation.sigmoid(logAlpha.sub(Scalars.of(logAlpha, zeroThreshold())));
    }

    /** {@code β·log(−γ/ζ)}, the log α at which a gate is 0 with probability ½. */
    private double zeroThreshold() {
        return temperature * Math.log(-lower / upper);
    }

    private NDArray stretchAndRectify(NDArray s) {
        // clip hands its bounds to PyTorch as values, and its gradient is 1 inside [0, 1] and 0 where it rectifies.
        return s.mul(Scalars.of(s, upper - lower)).add(Scalars.of(s, lower)).clip(0, 1);
    }

    @Override
    public String toString() {
        return "Hard Concrete(β=" + temperature + ", γ=" + lower + ", ζ=" + upper + ")";
    }
}
