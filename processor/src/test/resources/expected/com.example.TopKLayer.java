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
 * <p>Outside training the layer returns the solver's {@code MAP(θ)}. While training it returns the
 * perturb-and-MAP samples {@code z = MAP(θ + τ·ε)}, and the backward pass estimates {@code dL/dθ}
 * by Implicit MLE (Niepert, Minervini and Franceschi, NeurIPS 2021) as the finite difference
 * {@code (MAP(α·θ + τ'·ε) − MAP(α·θ − λ·dL/dz + τ'·ε)) / λ}, averaged over the samples.
 *
 * <p>Input: θ of shape {@code [B, n]}, one solver instance per row. Output outside training:
 * {@code [B, n]}. Output while training: {@code [B·S, n]}, the S samples of each example in
 * turn, each the mean of its M marginal samples; or {@code [B, n]}, the mean of the samples,
 * with {@code optOutput(Output.MEAN)}.
 *
 * <p>Builder properties; the defaults are the annotation's values:
 * <ul>
 *   <li>{@code setK(int)}: required, parameter {@code k} of the solver
 *   <li>{@code optSamples(int)}: default {@code 10}
 *   <li>{@code optMarginalSamples(int)}: default {@code 1}
 *   <li>{@code optNoise(Noise)}: default {@code GUMBEL}
 *   <li>{@code optSumOfGammaK(double)}: default {@code 1.0}
 *   <li>{@code optSumOfGammaIterations(int)}: default {@code 10}
 *   <li>{@code optNoiseTemperature(double)}: default {@code 1.0}
 *   <li>{@code optTargetNoiseTemperature(double)}: default {@code 1.0}
 *   <li>{@code optDifference(Difference)}: default {@code FORWARD}
 *   <li>{@code optObjective(Objective)}: default {@code MAXIMIZE}
 *   <li>{@code optStructure(Structure)}: default {@code UNSPECIFIED}
 *   <li>{@code optOutput(Output)}: default {@code SAMPLES}
 *   <li>{@code optLambda(double)}: default {@code 1.0}
 *   <li>{@code optAlpha(double)}: default {@code 1.0}
 *   <li>{@code optScaleGradient(boolean)}: default {@code true}
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
         * @throws IllegalArgumentException if a required property is unset or a setting is out of range
         */
        public TopKLayer build() {
            requireSet("k", k, "setK(int)");
            validate();
            return new TopKLayer(this);
        }

        private BatchSolver solver() {
            int k = this.k;
            return ArraySolvers.floatVector((theta, instance) -> Solvers.topK(theta, k), identity(), solverThreads());
        }
    }
}
