package org.imle4j.runtime.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.noise.NoiseSampler;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.solve.SolverRunner;

/**
 * The perturbed Fenchel-Young loss (Berthet, Blondel, Teboul, Cuturi, Vert and Bach, "Learning with Differentiable
 * Perturbed Optimizers", NeurIPS 2020): learns scores θ whose perturbed maximiser matches target solutions y.
 *
 * <p>With {@code F_σ(θ) = E[max_z ⟨z, θ + σZ⟩]}, whose gradient is the perturbed maximiser
 * {@code y_σ(θ) = E[MAP(θ + σZ)]}, the loss of one example is {@code F_σ(θ) − ⟨θ, y⟩} and its gradient
 * {@code y_σ(θ) − y}. Per batch, from S noise draws Z_s per example:
 * <pre>
 *   ŷ = mean_s MAP(θ + σZ_s),   F = mean_s ⟨MAP(θ + σZ_s), θ + σZ_s⟩,   value = mean over the batch of F − ⟨θ, y⟩
 * </pre>
 * and the gradient with respect to θ is exactly {@code (ŷ − y) / B}, an unbiased estimate of the true gradient,
 * obtained by evaluating {@code ⟨θ, ŷ − y⟩ + stopGradient(F − ⟨θ, ŷ⟩)}: ordinary autograd, no deferred backward,
 * so any DJL trainer works. For a minimising solver the loss is that of {@code φ = −θ}, whose maximiser is the
 * solver's {@code argmin ⟨z, θ − σZ⟩}; the gradient with respect to θ is then {@code (y − ŷ) / B}.
 *
 * <p>Shapes: predictions θ and labels y are both {@code [B, …]}, one instance per row; the value is a scalar.
 *
 * <p>Notes:
 * <ul>
 *   <li>The full Fenchel-Young loss adds the conjugate regulariser Ω_σ(y), which does not depend on θ and has no
 *       closed form, so it is left out. With Gaussian noise (mean 0) and a feasible y the expected value is still
 *       non-negative, by Jensen's inequality {@code F_σ(θ) ≥ max_z ⟨z, θ⟩ ≥ ⟨y, θ⟩}, and tends to 0 as θ favours y by
 *       a growing margin. Gumbel noise has mean γ ≈ 0.5772, so there the value tends to {@code σγ·Σy} instead.</li>
 *   <li>One batch's value is a Monte-Carlo estimate and can be negative; its gradient is unbiased for any S ≥ 1.</li>
 *   <li>Every call draws fresh noise and solves B·S instances, including DJL's calls for its loss metric.</li>
 * </ul>
 */
public final class FenchelYoungLoss extends Loss {
    private final SolverRunner solver;
    private final double sigma;
    private final int samples;
    private final NoiseSampler noise;
    private final boolean minimizing;

    private FenchelYoungLoss(Builder builder, NoiseSampler noise) {
        super(builder.name);
        this.solver = new SolverRunner(new SolverIdentity(builder.name, builder.solverName), builder.solver);
        this.sigma = builder.sigma;
        this.samples = builder.samples;
        this.noise = noise;
        this.minimizing = builder.objective == Objective.MINIMIZE;
    }

    /**
     * Starts the settings of a loss; only the solver is required.
     *
     * @return a new builder with the defaults σ = 1, S = 1, Gaussian noise, a maximising solver
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The batch's mean loss, {@code mean_b (F_b − ⟨φ_b, y_b⟩)}, from S fresh noise draws per example; its gradient
     * with respect to the predictions is {@code (ŷ − y) / B} (for a maximiser).
     *
     * @param labels the target solutions y, {@code [B, …]}, one feasible solution per example
     * @param predictions the scores θ, {@code [B, …]}, floating point
     * @return the loss, a scalar attached to θ's graph
     * @throws IllegalArgumentException if θ has no axis after the batch axis, or y's shape differs from θ's; the
     *     message names the loss
     * @throws org.imle4j.runtime.solve.SolverException if the solver fails or returns something that is not a
     *     solution for every instance
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray theta = predictions.singletonOrThrow();
        Shape shape = theta.getShape();
        NDArray target = checkTarget(labels.singletonOrThrow(), shape).toType(theta.getDataType(), false);
        long batch = shape.get(0);
        Shape eventShape = shape.slice(1);
        Shape sampleShape = new Shape(batch, samples).addAll(eventShape);
        int[] eventAxes = IntStream.range(1, shape.dimension()).toArray();
        int[] sampleEventAxes = IntStream.range(2, sampleShape.dimension()).toArray();

        NDArray phi = minimizing ? theta.neg() : theta;
        NDArray detachedPhi = phi.stopGradient();
        NDArray draws = noise.sample(theta.getManager(), sampleShape, theta.getDataType());
        NDArray perturbed = detachedPhi.expandDims(1).add(draws.mul(Scalars.of(draws, sigma)));
        NDArray instances = perturbed.reshape(new Shape(batch * samples).addAll(eventShape));
        NDArray solutions = solver.solve(minimizing ? instances.neg() : instances, new NDList(), samples)
                .reshape(sampleShape);

        NDArray meanSolution = solutions.mean(new int[] {1});
        NDArray perturbedMaximum = solutions.mul(perturbed).sum(sampleEventAxes).mean(new int[] {1});
        // Only the first term depends on θ: its gradient is ŷ − y; the second restores the value F − ⟨φ, y⟩.
        NDArray linear = phi.mul(meanSolution.sub(target)).sum(eventAxes);
        NDArray constant = perturbedMaximum.sub(detachedPhi.mul(meanSolution).sum(eventAxes));
        return linear.add(constant).mean();
    }

    private NDArray checkTarget(NDArray target, Shape predictionShape) {
        if (predictionShape.dimension() < 2) {
            throw new IllegalArgumentException(getName() + ": predictions θ must have a batch axis and at least one "
                    + "more, [B, …], but have shape " + predictionShape);
        }
        if (!target.getShape().equals(predictionShape)) {
            throw new IllegalArgumentException(getName() + ": labels must be target solutions of the predictions' "
                    + "shape " + predictionShape + ", but have shape " + target.getShape());
        }
        return target;
    }

    /** Settings of a {@link FenchelYoungLoss}, in DJL's builder style. */
    public static final class Builder {
        private String name = "FenchelYoungLoss";
        private String solverName;
        private BatchSolver solver;
        private double sigma = 1.0;
        private int samples = 1;
        private Noise noise = Noise.GAUSSIAN;
        private Objective objective = Objective.MAXIMIZE;

        private Builder() {}

        /**
         * The solver of a batch of instances, {@code [N, …] → [N, …]}; required. It is called with no extra inputs.
         *
         * @param method the solver as error messages name it, e.g. {@code com.example.Solvers#shortestPath}
         * @param solver the solver, in the sense {@link #optObjective} states
         * @return this builder
         */
        public Builder setSolver(String method, BatchSolver solver) {
            this.solverName = method;
            this.solver = solver;
            return this;
        }

        /**
         * Sets the loss's name, under which DJL records its metric and error messages name it.
         *
         * @param name a non-blank name; default {@code FenchelYoungLoss}
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets σ, the scale of the noise in {@code MAP(θ + σZ)}. A larger σ smooths the loss more: its gradient
         * {@code y_σ(θ) − y} stays away from 0 even where MAP(θ) already equals y, until θ favours y by a margin that
         * is large against σ.
         *
         * @param sigma σ, positive and finite; default 1
         * @return this builder
         */
        public Builder optSigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /**
         * Sets S, the number of noise draws (and solver calls) per example and batch; the variance of the gradient
         * falls like 1/S.
         *
         * @param samples S, at least 1; default 1
         * @return this builder
         */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /**
         * Sets the distribution of Z.
         *
         * @param noise {@link Noise#GAUSSIAN} (default) or {@link Noise#GUMBEL}; {@link #build()} rejects noise whose
         *     density's potential gradient is not known ({@link NoiseSampler#potentialGradient()}), on which the
         *     smoothness of the Fenchel–Young loss rests
         * @return this builder
         */
        public Builder optNoise(Noise noise) {
            this.noise = noise;
            return this;
        }

        /**
         * Sets the solver's sense. For a minimiser the loss is that of {@code φ = −θ}, and its gradient with respect
         * to θ is {@code (y − ŷ) / B}.
         *
         * @param objective whether the solver maximises or minimises ⟨z, θ⟩; default {@link Objective#MAXIMIZE}
         * @return this builder
         */
        public Builder optObjective(Objective objective) {
            this.objective = objective;
            return this;
        }

        /**
         * Builds the loss.
         *
         * @return a new loss with these settings
         * @throws IllegalArgumentException naming the first setting that is missing or out of range
         */
        public FenchelYoungLoss build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("FenchelYoungLoss: name must be a non-blank string, but was "
                        + (name == null ? "null" : "\"" + name + "\""));
            }
            if (solver == null || solverName == null) {
                throw new IllegalArgumentException(name + ": the solver is required; call setSolver(method, solver)"
                        + " with a non-null name and solver");
            }
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw outOfRange("sigma", sigma, "positive and finite");
            }
            if (samples < 1) {
                throw outOfRange("samples", samples, "at least 1");
            }
            NoiseSampler sampler = noise == null ? null : NoiseSampler.standard(noise)
                    .filter(candidate -> candidate.potentialGradient().isPresent()).orElse(null);
            if (sampler == null) {
                throw outOfRange("noise", noise, NoiseSampler.kindsWithPotentialGradient().stream().map(Noise::name)
                        .collect(Collectors.joining(" or ")));
            }
            if (objective == null) {
                throw outOfRange("objective", null, "MAXIMIZE or MINIMIZE");
            }
            return new FenchelYoungLoss(this, sampler);
        }

        private IllegalArgumentException outOfRange(String setting, Object value, String range) {
            return new IllegalArgumentException(name + ": " + setting + " must be " + range + ", but was " + value);
        }
    }
}
