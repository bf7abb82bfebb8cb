package com.example;

import javax.annotation.processing.Generated;
import org.imle4j.annotation.GeneratedLayer;
import org.imle4j.runtime.AimleBuilder;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverException;

/**
 * An adaptive I-MLE layer generated from {@link Oracle#ask(double[], int, int)}.
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
 * <p>Input: θ of shape {@code [B, n]}, one solver instance per row. Output outside training:
 * {@code [B, n]}. Output while training: {@code [B·S, n]}, the S samples of each example in
 * turn, each the mean of its M marginal samples; or {@code [B, n]}, the mean of the samples,
 * with {@code optOutput(Output.MEAN)}.
 *
 * <p>Builder properties and options; an option's default is the annotation's value:
 * <ul>
 *   <li>{@code setSolver(Oracle)}: required, the object whose {@code ask} is called
 *   <li>{@code setTheta(int)}: required, parameter {@code theta} of the solver
 *   <li>{@code setInstance(int)}: required, parameter {@code instance} of the solver
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
 *   <li>{@code optOutput(Output)}: default {@code SAMPLES}
 *   <li>{@code optSolverTimeoutMillis(int)}: default {@code 0}
 *   <li>{@code optInitialAlpha(double)}: default {@code 1.0}
 *   <li>{@code optInitialBeta(double)}: default {@code 1.0}
 *   <li>{@code optBetaUpdateStep(double)}: default {@code 1.0E-4}
 *   <li>{@code optBetaUpdateMomentum(double)}: default {@code 0.0}
 *   <li>{@code optGradNormDecay(double)}: default {@code 0.9}
 *   <li>{@code optInitialGradNorm(double)}: default {@code 1.0}
 *   <li>{@code optTargetNorm(double)}: default {@code 1.0}
 *   <li>{@code optExactSumOfGamma(boolean)}: default {@code false}, tabulated noise quantiles
 *   <li>{@code optSolverThreads(int)}: default {@code 0}, the shared solver pool; {@code 1}, the calling thread
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
 * <p>Generated from {@link Oracle#ask}.
 */
@Generated("org.imle4j.processor.LayerProcessor")
@GeneratedLayer("com.example.Oracle#ask")
public final class AskLayer extends SolverLayer {
    private AskLayer(Builder builder) {
        super(builder, builder.solver());
    }

    /**
     * Returns a builder of {@code AskLayer}; {@code build()} requires
     * {@code setSolver(Oracle)}, {@code setTheta(int)} and {@code setInstance(int)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder of {@link AskLayer}. Its {@code optX} settings start at the values of the
     * {@code @AimleLayer} annotation on {@link Oracle#ask}.
     */
    public static final class Builder extends AimleBuilder<Builder> {
        private Oracle<?> solver;

        private Integer theta;

        private Integer instance;

        private Builder() {
            super("AskLayer", "com.example.Oracle#ask", 1, 0);
        }

        /**
         * Sets the object whose {@link Oracle#ask} solves each instance; required.
         *
         * @param solver the object the solver method is called on
         * @return this builder
         */
        public Builder setSolver(Oracle<?> solver) {
            this.solver = solver;
            return this;
        }

        /**
         * Sets {@code theta}, passed as parameter {@code theta} of {@link Oracle#ask}; required.
         *
         * @param theta the value of the solver's parameter {@code theta}
         * @return this builder
         */
        public Builder setTheta(int theta) {
            this.theta = theta;
            return this;
        }

        /**
         * Sets {@code instance}, passed as parameter {@code instance} of {@link Oracle#ask}; required.
         *
         * @param instance the value of the solver's parameter {@code instance}
         * @return this builder
         */
        public Builder setInstance(int instance) {
            this.instance = instance;
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
        public AskLayer build() {
            requireSet("solver", solver, "setSolver(Oracle)");
            requireSet("theta", theta, "setTheta(int)");
            requireSet("instance", instance, "setInstance(int)");
            validate();
            return new AskLayer(this);
        }

        private BatchSolver solver() {
            Oracle<?> solver = this.solver;
            int theta = this.theta;
            int instance = this.instance;
            return ArraySolvers.doubleVector(
                    (theta_, instance_) -> solver.ask(theta_, theta, instance),
                    identity(), solverThreads());
        }
    }
}
