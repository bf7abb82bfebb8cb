package org.imle4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns a MAP solver into a DJL block trained with Implicit MLE (Niepert, Minervini and Franceschi,
 * NeurIPS 2021).
 *
 * <p>The annotated method receives θ for one instance ({@code float[]}, {@code double[]}, {@code float[][]} or
 * {@code double[][]}) and returns the discrete solution as an array of the same rank ({@code boolean}, {@code byte},
 * {@code int}, {@code float} or {@code double} elements); or it receives an {@code NDArray} of all perturbed
 * instances {@code [N, …]} and returns {@code [N, …]}. Further parameters become required builder properties of the
 * generated layer; parameters annotated {@link Input} receive a per-instance slice of an extra block input. A batch
 * solver that never changes θ in place marks it {@link ReadOnly}, so that it receives θ itself instead of a copy.
 *
 * <p>The gradient is estimated from a target distribution {@code θ' = α·θ − λ·dL/dz}:
 * {@code ∇θ ≈ (MAP(θ + ε) − MAP(θ' + ε)) / λ}. Every attribute can be overridden on the generated builder.
 * {@link Attribute} lists every attribute with its default and allowed range.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ImleLayer {
    /** {@return the simple name of the generated class; default {@code <CapitalisedMethodName>Layer}} */
    String name() default Attribute.Defaults.NAME;

    /** {@return the number S of perturbed samples per instance; at least 1} */
    int samples() default Attribute.Defaults.SAMPLES;

    /** {@return the number M of marginal samples averaged per perturbed sample; at least 1} */
    int marginalSamples() default Attribute.Defaults.MARGINAL_SAMPLES;

    /** {@return the distribution of the perturbation ε} */
    Noise noise() default Noise.SUM_OF_GAMMA;

    /** {@return the parameter k of Sum-of-Gamma noise (usually the number of ones in a solution); positive} */
    double sumOfGammaK() default Attribute.Defaults.SUM_OF_GAMMA_K;

    /** {@return the number s of Gamma terms of Sum-of-Gamma noise; at least 1} */
    int sumOfGammaIterations() default Attribute.Defaults.SUM_OF_GAMMA_ITERATIONS;

    /** {@return the temperature τ multiplying the noise added to θ; non-negative} */
    double noiseTemperature() default Attribute.Defaults.NOISE_TEMPERATURE;

    /** {@return the temperature multiplying the noise added to the target θ'; non-negative} */
    double targetNoiseTemperature() default Attribute.Defaults.TARGET_NOISE_TEMPERATURE;

    /** {@return the finite-difference scheme} */
    Difference difference() default Difference.FORWARD;

    /** {@return whether the solver maximises or minimises ⟨z, θ⟩} */
    Objective objective() default Objective.MAXIMIZE;

    /**
     * The set the solver's solutions come from: which estimators fit the layer, and what every solution is checked
     * against. Default {@link Structure#UNSPECIFIED}: solutions are only checked to be finite, and estimators that
     * need a structure (Gumbel-softmax, relaxed top-k, score-function) are refused until it is declared.
     *
     * @return the solver's structure
     */
    Structure structure() default Structure.UNSPECIFIED;

    /** {@return what the layer returns while training} */
    Output output() default Output.SAMPLES;

    /**
     * Time limit of one call of a plain-Java solver over a batch, in milliseconds; at least 0, and 0 (the default)
     * means no limit. A call that takes longer fails with a {@code SolverException} naming the instances not finished;
     * the instances not started are not started and the solver threads still running are interrupted. A batch
     * ({@code NDArray}) solver runs on the calling thread and cannot be stopped: it receives the limit to honour.
     *
     * @return the limit in milliseconds, or 0 for none
     */
    int solverTimeoutMillis() default Attribute.Defaults.SOLVER_TIMEOUT_MILLIS;

    /** {@return the step size λ of the target distribution; positive and finite} */
    double lambda() default Attribute.Defaults.LAMBDA;

    /** {@return the scale α of θ in the target distribution} */
    double alpha() default Attribute.Defaults.ALPHA;

    /**
     * Whether the finite difference is divided by λ. Default {@code true}: without the division the gradient's scale
     * changes with λ, a known pitfall of the reference implementation's default.
     *
     * @return whether the finite difference is divided by λ
     */
    boolean scaleGradient() default Attribute.Defaults.SCALE_GRADIENT;
}
