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
 * generated layer; parameters annotated {@link Input} receive a per-instance slice of an extra block input.
 *
 * <p>The gradient is estimated from a target distribution {@code θ' = α·θ − λ·dL/dz}:
 * {@code ∇θ ≈ (MAP(θ + ε) − MAP(θ' + ε)) / λ}. Every attribute can be overridden on the generated builder.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ImleLayer {
    /** Simple name of the generated class; default {@code <CapitalisedMethodName>Layer}. */
    String name() default "";

    /** Number S of perturbed samples per instance; at least 1. */
    int samples() default 1;

    /** Number M of marginal samples averaged per perturbed sample; at least 1. */
    int marginalSamples() default 1;

    /** Distribution of the perturbation ε. */
    Noise noise() default Noise.SUM_OF_GAMMA;

    /** Parameter k of Sum-of-Gamma noise (usually the number of ones in a solution); positive. */
    double sumOfGammaK() default 1.0;

    /** Number s of Gamma terms of Sum-of-Gamma noise; at least 1. */
    int sumOfGammaIterations() default 10;

    /** Temperature τ multiplying the noise added to θ; non-negative. */
    double noiseTemperature() default 1.0;

    /** Temperature multiplying the noise added to the target θ'; non-negative. */
    double targetNoiseTemperature() default 1.0;

    /** Finite-difference scheme. */
    Difference difference() default Difference.FORWARD;

    /** Whether the solver maximises or minimises ⟨z, θ⟩. */
    Objective objective() default Objective.MAXIMIZE;

    /**
     * The set the solver's solutions come from: which estimators fit the layer, and what every solution is checked
     * against. Default {@link Structure#UNSPECIFIED}: solutions are only checked to be finite, and estimators that
     * need a structure (Gumbel-softmax, relaxed top-k, score-function) are refused until it is declared.
     *
     * @return the solver's structure
     */
    Structure structure() default Structure.UNSPECIFIED;

    /** What the layer returns while training. */
    Output output() default Output.SAMPLES;

    /** Step size λ of the target distribution; positive and finite. */
    double lambda() default 1.0;

    /** Scale α of θ in the target distribution. */
    double alpha() default 1.0;

    /**
     * Whether the finite difference is divided by λ. Default {@code true}: without the division the gradient's scale
     * changes with λ, a known pitfall of the reference implementation's default.
     */
    boolean scaleGradient() default true;
}
