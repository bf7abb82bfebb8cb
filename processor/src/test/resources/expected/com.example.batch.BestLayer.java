package com.example.batch;

import ai.djl.ndarray.NDArray;
import javax.annotation.processing.Generated;
import org.imle4j.annotation.GeneratedLayer;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.AimleBuilder;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverException;

/**
 * An adaptive I-MLE layer generated from {@link BatchSolvers#best(NDArray, int)}.
 *
 * <p>The solver maximises: {@code MAP(θ) = argmax ⟨z, θ⟩} over its solutions z. Outside training
 * the layer returns {@code MAP(θ)}. While training it returns the perturb-and-MAP samples
 * {@code z = MAP(θ + τ·ε)}, and the backward pass estimates {@code dL/dθ}
 * by adaptive Implicit MLE (Minervini, Franceschi and Niepert, AAAI 2023) as the finite difference
 * {@code (MAP(α·θ + τ'·ε) − MAP(α·θ − λ·dL/dz + τ'·ε)) / λ}, averaged over the samples,
 * with {@code λ = β·‖θ‖ / ‖dL/dz‖}, where β adapts after each backward pass so that the
 * estimates keep about {@code targetNorm} non-zero entries.
 * These are the formulas of the annotation's {@code objective} and {@code difference}; the
 * builder's {@code optObjective} and {@code optDifference} change them.
 *
 * <p>Input: θ of shape {@code [B, …]}. The solver receives all perturbed instances of a pass at
 * once, {@code [N, …]}, and returns their solutions, {@code [N, …]}.
 * It receives them uncopied, as its θ is {@code @ReadOnly}. Output outside training:
 * {@code [B, …]}. Output while training: {@code [B·S, …]}, the S samples of each example in
 * turn, each the mean of its M marginal samples; or {@code [B, …]}, the mean of the samples,
 * with {@code optOutput(Output.MEAN)}.
 *
 * <p>Builder properties and options; an option's default is the annotation's value:
 * <ul>
 *   <li>{@code setK(int)}: required, parameter {@code k} of the solver
 *   <li>{@code optSamples(int)}: default {@code 1}
 *   <li>{@code optMarginalSamples(int)}: default {@code 1}
 *   <li>{@code optNoise(Noise)}: default {@code GUMBEL}
 *   <li>{@code optSumOfGammaK(double)}: default {@code 1.0}; used only with noise
 *       {@code SUM_OF_GAMMA}, not this layer's {@code GUMBEL}
 *   <li>{@code optSumOfGammaIterations(int)}: default {@code 10}; used only with noise
 *       {@code SUM_OF_GAMMA}, not this layer's {@code GUMBEL}
 *   <li>{@code optNoiseTemperature(double)}: default {@code 1.0}
 *   <li>{@code optTargetNoiseTemperature(double)}: default {@code 1.0}
 *   <li>{@code optDifference(Difference)}: default {@code FORWARD}
 *   <li>{@code optObjective(Objective)}: default {@code MAXIMIZE}
 *   <li>{@code optStructure(Structure)}: default {@code UNSPECIFIED}
 *   <li>{@code optOutput(Output)}: default {@code SAMPLES}
 *   <li>{@code optSolverTimeoutMillis(int)}: default {@code 0}
 *   <li>{@code optInitialAlpha(double)}: default {@code 1.0}
 *   <li>{@code optInitialBeta(double)}: default {@code 1.0}
 *   <li>{@code optBetaUpdateStep(double)}: default {@code 1.0E-4}
 *   <li>{@code optBetaUpdateMomentum(double)}: default {@code 0.0}
 *   <li>{@code optGradNormDecay(double)}: default {@code 0.9}
 *   <li>{@code optInitialGradNorm(double)}: default {@code 1.0}
 *   <li>{@code optTargetNorm(double)}: default {@code 1.0}
 *   <li>{@code optExactSumOfGamma(boolean)}: default {@code false}, tabulated noise quantiles; used only with noise
 *       {@code SUM_OF_GAMMA}, not this layer's {@code GUMBEL}
 *   <li>{@code optSolutionCache(double, int)}: default none: every perturbed instance is solved
 *   <li>{@code optEstimator(Supplier<? extends GradientEstimator>)}: default the annotation's; replaces only the gradient estimator, a new one per layer
 *   <li>{@code optPerInstanceLambda(boolean)}: default {@code false}, one λ for the whole batch
 *   <li>{@code optCheckSolutions(boolean)}: default {@code true}, every solution is checked against the declared structure
 * </ul>
 *
 * <p>Whatever the solver throws, checked exceptions included, is reported at run time as a
 * {@link SolverException} that names the layer, the solver method and the instance, with the
 * original exception as its cause.
 *
 * <p>Generated from {@link BatchSolvers#best}.
 */
@Generated("org.imle4j.processor.LayerProcessor")
@GeneratedLayer("com.example.batch.BatchSolvers#best")
public final class BestLayer extends SolverLayer {
    private BestLayer(Builder builder) {
        super(builder, builder.solver());
    }

    /**
     * Returns a builder of {@code BestLayer}; {@code build()} requires
     * {@code setK(int)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder of {@link BestLayer}. Its {@code optX} settings start at the values of the
     * {@code @AimleLayer} annotation on {@link BatchSolvers#best}.
     */
    public static final class Builder extends AimleBuilder<Builder> {
        private Integer k;

        private Builder() {
            super("BestLayer", "com.example.batch.BatchSolvers#best", -1, 0);
            optNoise(Noise.GUMBEL);
        }

        /**
         * Sets {@code k}, passed as parameter {@code k} of {@link BatchSolvers#best}; required.
         *
         * @param k the value of the solver's parameter {@code k}
         * @return this builder
         */
        public Builder setK(int k) {
            this.k = k;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         * @throws IllegalArgumentException if a required property is unset or a setting is out of range
         */
        public BestLayer build() {
            requireSet("k", k, "setK(int)");
            validate();
            return new BestLayer(this);
        }

        private BatchSolver solver() {
            int k = this.k;
            return BatchSolver.keepingThetaIntact(request -> BatchSolvers.best(request.thetas(), k));
        }
    }
}
