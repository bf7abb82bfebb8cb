package com.example;

import java.util.List;
import javax.annotation.processing.Generated;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.GeneratedLayer;
import org.imle4j.runtime.ImleBuilder;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverException;

/**
 * An I-MLE layer generated from {@link Graphs.SpanningTrees#spanningTree(float[], List)}.
 *
 * <p>The solver maximises: {@code MAP(θ) = argmax ⟨z, θ⟩} over its solutions z. Outside training
 * the layer returns {@code MAP(θ)}. While training it returns the perturb-and-MAP samples
 * {@code z = MAP(θ + τ·ε)}, and the backward pass estimates {@code dL/dθ}
 * by Implicit MLE (Niepert, Minervini and Franceschi, NeurIPS 2021) as the finite difference
 * {@code (MAP(α·θ + λ·dL/dz + τ'·ε) − MAP(α·θ − λ·dL/dz + τ'·ε)) / (2λ)}, averaged over the samples.
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
 *   <li>{@code setSolver(Graphs.SpanningTrees)}: required, the object whose {@code spanningTree} is called
 *   <li>{@code setEdges(List)}: required, parameter {@code edges} of the solver
 *   <li>{@code optSamples(int)}: default {@code 1}
 *   <li>{@code optMarginalSamples(int)}: default {@code 1}
 *   <li>{@code optNoise(Noise)}: default {@code SUM_OF_GAMMA}
 *   <li>{@code optSumOfGammaK(double)}: default {@code 1.0}
 *   <li>{@code optSumOfGammaIterations(int)}: default {@code 10}
 *   <li>{@code optNoiseTemperature(double)}: default {@code 1.0}
 *   <li>{@code optTargetNoiseTemperature(double)}: default {@code 1.0}
 *   <li>{@code optDifference(Difference)}: default {@code CENTRAL}
 *   <li>{@code optObjective(Objective)}: default {@code MAXIMIZE}
 *   <li>{@code optStructure(Structure)}: default {@code UNSPECIFIED}
 *   <li>{@code optOutput(Output)}: default {@code SAMPLES}
 *   <li>{@code optSolverTimeoutMillis(int)}: default {@code 0}
 *   <li>{@code optLambda(double)}: default {@code 1.0}
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
 * <p>Generated from {@link Graphs.SpanningTrees#spanningTree}.
 */
@Generated("org.imle4j.processor.LayerProcessor")
@GeneratedLayer("com.example.Graphs.SpanningTrees#spanningTree")
public final class SpanningTreeLayer extends SolverLayer {
    private SpanningTreeLayer(Builder builder) {
        super(builder, builder.solver());
    }

    /**
     * Returns a builder of {@code SpanningTreeLayer}; {@code build()} requires
     * {@code setSolver(Graphs.SpanningTrees)} and {@code setEdges(List)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder of {@link SpanningTreeLayer}. Its {@code optX} settings start at the values of the
     * {@code @ImleLayer} annotation on {@link Graphs.SpanningTrees#spanningTree}.
     */
    public static final class Builder extends ImleBuilder<Builder> {
        private Graphs.SpanningTrees solver;

        private List<String> edges;

        private Builder() {
            super("SpanningTreeLayer", "com.example.Graphs.SpanningTrees#spanningTree", 1, 0);
            optDifference(Difference.CENTRAL);
        }

        /**
         * Sets the object whose {@link Graphs.SpanningTrees#spanningTree} solves each instance; required.
         *
         * @param solver the object the solver method is called on
         * @return this builder
         */
        public Builder setSolver(Graphs.SpanningTrees solver) {
            this.solver = solver;
            return this;
        }

        /**
         * Sets {@code edges}, passed as parameter {@code edges} of {@link Graphs.SpanningTrees#spanningTree}; required.
         *
         * @param edges the value of the solver's parameter {@code edges}
         * @return this builder
         */
        public Builder setEdges(List<String> edges) {
            this.edges = edges;
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
        public SpanningTreeLayer build() {
            requireSet("solver", solver, "setSolver(Graphs.SpanningTrees)");
            requireSet("edges", edges, "setEdges(List)");
            validate();
            return new SpanningTreeLayer(this);
        }

        private BatchSolver solver() {
            Graphs.SpanningTrees solver = this.solver;
            List<String> edges = this.edges;
            return ArraySolvers.floatVector((theta, instance) -> solver.spanningTree(theta, edges),
                    identity(), solverThreads());
        }
    }
}
