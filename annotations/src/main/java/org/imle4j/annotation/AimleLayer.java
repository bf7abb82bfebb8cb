package org.imle4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns a MAP solver into a DJL block trained with Adaptive I-MLE (Minervini, Franceschi and Niepert, AAAI 2023).
 *
 * <p>Accepts the same solver methods as {@link ImleLayer}. The target distribution is
 * {@code θ' = α·θ − λ·dL/dz} with {@code λ = β·‖θ‖ / ‖dL/dz‖}; after each backward pass β moves by
 * {@link #betaUpdateStep()} (with momentum) so that the moving average of the number of non-zero entries of the
 * gradient estimates approaches {@link #targetNorm()}. Every attribute can be overridden on the generated builder.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface AimleLayer {
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

    /** Scale α of θ in the target distribution. */
    double initialAlpha() default 1.0;

    /** Initial β of {@code λ = β·‖θ‖ / ‖dL/dz‖}; non-negative. */
    double initialBeta() default 1.0;

    /** Step by which β moves after each backward pass; non-negative. */
    double betaUpdateStep() default 1e-4;

    /** Momentum μ of the β updates, in [0, 1). */
    double betaUpdateMomentum() default 0.0;

    /** Decay ρ of the moving average of the gradient sparsity, in [0, 1). */
    double gradNormDecay() default 0.9;

    /** Target number of non-zero entries per gradient estimate; non-negative. */
    double targetNorm() default 1.0;
}
