package com.example;

import javax.annotation.processing.Generated;
import org.imle4j.annotation.GeneratedLayer;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.ImleBuilder;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverException;

/**
 * An I-MLE layer generated from {@link Solvers#gridPath(float[][], String, Tie)}.
 *
 * <p>The solver maximises: {@code MAP(θ) = argmax ⟨z, θ⟩} over its solutions z. Outside training
 * the layer returns {@code MAP(θ)}. While training it returns the perturb-and-MAP samples
 * {@code z = MAP(θ + τ·ε)}, and the backward pass estimates {@code dL/dθ}
 * by Implicit MLE (Niepert, Minervini and Franceschi, NeurIPS 2021) as the finite difference
 * {@code (MAP(α·θ + τ'·ε) − MAP(α·θ − λ·dL/dz + τ'·ε)) / λ}, averaged over the samples.
 * These are the formulas of the annotation's {@code objective} and {@code difference}; the
 * builder's {@code optObjective} and {@code optDifference} change them.
 *
 * <p>Input: θ of shape {@code [B, rows, cols]}, one solver instance per row. Output outside training:
 * {@code [B, rows, cols]}. Output while training: {@code [B·S, rows, cols]}, the S samples of each example in
 * turn, each the mean of its M marginal samples; or {@code [B, rows, cols]}, the mean of the samples,
 * with {@code optOutput(Output.MEAN)}.
 *
 * <p>Builder properties and options; an option's default is the annotation's value:
 * <ul>
 *   <li>{@code setLabel(String)}: required, parameter {@code label} of the solver
 *   <li>{@code setTie(Tie)}: required, parameter {@code tie} of the solver
 *   <li>{@code optSamples(int)}: default {@code 1}
 *   <li>{@code optMarginalSamples(int)}: default {@code 1}
 *   <li>{@code optNoise(Noise)}: default {@code SUM_OF_GAMMA}
 *   <li>{@code optSumOfGammaK(double)}: default {@code 1.0}
 *   <li>{@code optSumOfGammaIterations(int)}: default {@code 10}
 *   <li>{@code optNoiseTemperature(double)}: default {@code 1.0}
 *   <li>{@code optTargetNoiseTemperature(double)}: default {@code 1.0}
 *   <li>{@code optDifference(Difference)}: default {@code FORWARD}
 *   <li>{@code optObjective(Objective)}: default {@code MAXIMIZE}
 *   <li>{@code optStructure(Structure)}: default {@code UNSPECIFIED}
 *   <li>{@code optOutput(Output)}: default {@code MEAN}
 *   <li>{@code optSolverTimeoutMillis(int)}: default {@code 0}
 *   <li>{@code optLambda(double)}: default {@code 20.0}
 *   <li>{@code optAlpha(double)}: default {@code 1.0}
 *   <li>{@code optScaleGradient(boolean)}: default {@code true}
 *   <li>{@code optExactSumOfGamma(boolean)}: default {@code false}, tabulated noise quantiles
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
 * <p>Generated from {@link Solvers#gridPath}.
 */
@Generated("org.imle4j.processor.LayerProcessor")
@GeneratedLayer("com.example.Solvers#gridPath")
public final class GridPathLayer extends SolverLayer {
    private GridPathLayer(Builder builder) {
        super(builder, builder.solver());
    }

    /**
     * Returns a builder of {@code GridPathLayer}; {@code build()} requires
     * {@code setLabel(String)} and {@code setTie(Tie)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder of {@link GridPathLayer}. Its {@code optX} settings start at the values of the
     * {@code @ImleLayer} annotation on {@link Solvers#gridPath}.
     */
    public static final class Builder extends ImleBuilder<Builder> {
        private String label;

        private Tie tie;

        private Builder() {
            super("GridPathLayer", "com.example.Solvers#gridPath", 2, 0);
            optOutput(Output.MEAN);
            optLambda(20.0);
            optScaleGradient(true);
        }

        /**
         * Sets {@code label}, passed as parameter {@code label} of {@link Solvers#gridPath}; required.
         *
         * @param label the value of the solver's parameter {@code label}
         * @return this builder
         */
        public Builder setLabel(String label) {
            this.label = label;
            return this;
        }

        /**
         * Sets {@code tie}, passed as parameter {@code tie} of {@link Solvers#gridPath}; required.
         *
         * @param tie the value of the solver's parameter {@code tie}
         * @return this builder
         */
        public Builder setTie(Tie tie) {
            this.tie = tie;
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
        public GridPathLayer build() {
            requireSet("label", label, "setLabel(String)");
            requireSet("tie", tie, "setTie(Tie)");
            validate();
            return new GridPathLayer(this);
        }

        private BatchSolver solver() {
            String label = this.label;
            Tie tie = this.tie;
            return ArraySolvers.floatMatrix(
                    (theta, instance) -> Solvers.gridPath(theta, label, tie),
                    identity(), solverThreads());
        }
    }
}
