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
 * {@link Attribute} lists every attribute with its default and allowed range.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface AimleLayer {
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

    /** {@return the scale α of θ in the target distribution} */
    double initialAlpha() default Attribute.Defaults.INITIAL_ALPHA;

    /** {@return the initial β of {@code λ = β·‖θ‖ / ‖dL/dz‖}; non-negative} */
    double initialBeta() default Attribute.Defaults.INITIAL_BETA;

    /** {@return the step by which β moves after each backward pass; non-negative} */
    double betaUpdateStep() default Attribute.Defaults.BETA_UPDATE_STEP;

    /** {@return the momentum μ of the β updates, in [0, 1)} */
    double betaUpdateMomentum() default Attribute.Defaults.BETA_UPDATE_MOMENTUM;

    /** {@return the decay ρ of the moving average of the gradient sparsity, in [0, 1)} */
    double gradNormDecay() default Attribute.Defaults.GRAD_NORM_DECAY;

    /**
     * {@return the value the moving average of the gradient sparsity starts from; non-negative} The default 1 is the
     * reference implementation's: with the default decay and target norm the first update then lowers β when the first
     * gradients have one non-zero entry or more per estimate, where a start at 0 would raise β for the first steps
     * unless they had ten or more.
     */
    double initialGradNorm() default Attribute.Defaults.INITIAL_GRAD_NORM;

    /** {@return the target number of non-zero entries per gradient estimate; non-negative} */
    double targetNorm() default Attribute.Defaults.TARGET_NORM;
}
