package com.example;

import javax.annotation.processing.Generated;
import org.imle4j.annotation.GeneratedLayer;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.ImleBuilder;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverException;

/**
 * An I-MLE layer generated from {@link Solvers#topK(float[], int)}.
 *
 * <p>The solver maximises: {@code MAP(θ) = argmax ⟨z, θ⟩} over its solutions z. Outside training
 * the layer returns {@code MAP(θ)}. While training it returns the perturb-and-MAP samples
 * {@code z = MAP(θ + τ·ε)}, and the backward pass estimates {@code dL/dθ}
 * by Implicit MLE (Niepert, Minervini and Franceschi, NeurIPS 2021) as the finite difference
 * {@code (MAP(α·θ + τ'·ε) − MAP(α·θ − λ·dL/dz + τ'·ε)) / λ}, averaged over the samples.
 * These are the formulas of the annotation's {@code objective} and {@code difference}; the
 * builder's {@code optObjective} and {@code optDifference} change them.
 *
 * <p>Input: θ of shape {@code [B, n]}, one solver instance per row. Output outside training:
 * {@code [B, n]}. Output while training: {@code [B·S, n]}, the S samples of each example in
 * turn, each the mean of its M marginal samples; or {@code [B, n]}, the mean of the samples,
 * with {@code optOutput(Output.MEAN)}.
 *
 * <p>Builder properties and options; an option's default is the annotation's value:
 * <ul>
 *   <li>{@code setK(int)}: required, parameter {@code k} of the solver
 *   <li>{@code optSamples(int)}: default {@code 10}
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
 *   <li>{@code optLambda(double)}: default {@code 1.0}
 *   <li>{@code optAlpha(double)}: default {@code 1.0}
 *   <li>{@code optScaleGradient(boolean)}: default {@code true}
 *   <li>{@code optExactSumOfGamma(boolean)}: default {@code false}, tabulated noise quantiles; used only with noise
 *       {@code SUM_OF_GAMMA}, not this layer's {@code GUMBEL}
 *   <li>{@code optSolverThreads(int)}: default {@code 0}, the shared solver pool; {@code 1}, the calling thread
 *   <li>{@code optSolutionCache(double, int)}: default none: every perturbed instance is solved
 *   <li>{@code optEstimator(Supplier<? extends GradientEstimator>)}: default the annotation's; replaces only the gradient estimator, a new one per layer
 *   <li>{@code optCheckSolutions(boolean)}: default {@code true}, every solution is checked against the declared structure
 * </ul>
 *
 * <p>Whatever the solver throws, checked exceptions included, is reported at run time as a
 * {@link SolverException} that names the layer, the solver method and the instance, with the
 * original exception as its cause.
 *
 * <p>Generated from {@link Solvers#topK}.
 */
@Generated("org.imle4j.processor.LayerProcessor")
@GeneratedLayer("com.example.Solvers#topK")
public final class TopKLayer extends SolverLayer {
    private TopKLayer(Builder builder) {
        super(builder, builder.solver());
    }

    /**
     * Returns a builder of {@code TopKLayer}; {@code build()} requires
     * {@code setK(int)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder of {@link TopKLayer}. Its {@code optX} settings start at the values of the
     * {@code @ImleLayer} annotation on {@link Solvers#topK}.
     */
    public static final class Builder extends ImleBuilder<Builder> {
        private Integer k;

        private Builder() {
            super("TopKLayer", "com.example.Solvers#topK", 1, 0);
            optSamples(10);
            optNoise(Noise.GUMBEL);
        }

        /**
         * Sets {@code k}, passed as parameter {@code k} of {@link Solvers#topK}; required.
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
        public TopKLayer build() {
            requireSet("k", k, "setK(int)");
            validate();
            return new TopKLayer(this);
        }

        private BatchSolver solver() {
            int k = this.k;
            return ArraySolvers.floatVector((theta, instance) -> Solvers.topK(theta, k),
                    identity(), solverThreads());
        }
    }
}
