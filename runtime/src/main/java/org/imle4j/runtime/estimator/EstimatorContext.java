package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.PerturbationSettings;
import org.imle4j.runtime.autograd.DeferredBackward;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solve.SolverRunner;

/**
 * One training forward pass of one solver layer, as an estimator sees it.
 *
 * <p>Estimators work in maximisation form: {@code φ = θ} for a maximising solver and {@code φ = −θ} for a minimising
 * one, so that {@code z = MAP(φ) = argmax ⟨z, φ⟩} in both senses; {@link #solve} and {@link #emit} convert back.
 * Samples are laid out as {@code [B, S, M, …]}: S samples of M marginal samples each, for each of the B examples.
 */
public final class EstimatorContext {
    private final String layerName;
    private final String layer;
    private final NDArray theta;
    private final NDList inputs;
    private final PerturbationSettings settings;
    private final SolverRunner solver;
    private final DeferredBackward deferred;

    /**
     * Describes one training forward pass; created by the solver layer for each batch.
     *
     * @param layerName the layer's name, the prefix of its diagnostics in the trainer's metrics
     * @param layer the layer and its solver method as error messages name them
     * @param theta the layer's input θ, {@code [B, …]}, in the solver's own sense and still attached to its graph
     * @param inputs the layer's extra inputs, one row per example: {@code [B, …]} each (empty without
     *     {@code @Input} parameters)
     * @param settings the layer's perturbation settings
     * @param solver the solver of a batch of instances, in the solver's own sense
     * @param deferred the calling thread's deferred backward, where {@link #emit} registers the estimator's backward
     */
    public EstimatorContext(String layerName, String layer, NDArray theta, NDList inputs,
            PerturbationSettings settings, SolverRunner solver, DeferredBackward deferred) {
        this.layerName = layerName;
        this.layer = layer;
        this.theta = theta;
        this.inputs = inputs;
        this.settings = settings;
        this.solver = solver;
        this.deferred = deferred;
    }

    /**
     * The layer's input, as given: for reading its shape and device, and for estimators that differentiate through
     * it.
     *
     * @return θ, {@code [B, …]}, in the solver's own sense, still attached to its graph
     */
    public NDArray theta() {
        return theta;
    }

    /**
     * θ in maximisation form, for estimators whose backward is deferred: no gradient flows through it.
     *
     * @return φ, {@code θ} or {@code −θ}, {@code [B, …]}, detached from the graph
     */
    public NDArray phi() {
        NDArray detached = theta.stopGradient();
        return settings.minimizing() ? detached.neg() : detached;
    }

    /**
     * θ in maximisation form, for estimators whose output autograd differentiates (the relaxations): gradients of
     * the output reach θ through it, with the sign of a minimising solver already applied.
     *
     * @return φ, {@code θ} or {@code −θ}, {@code [B, …]}, attached to θ's graph
     */
    public NDArray attachedPhi() {
        return settings.minimizing() ? theta.neg() : theta;
    }

    /**
     * The layer and its solver method, for the messages of the estimator's own errors.
     *
     * @return for instance {@code TopKLayer (solver com.example.Solvers#topK)}
     */
    public String layer() {
        return layer;
    }

    /**
     * The layer's settings: samples S and M, noise and its temperatures, difference scheme, objective and output.
     *
     * @return the settings the layer was built with
     */
    public PerturbationSettings settings() {
        return settings;
    }

    /**
     * The number of examples of the batch.
     *
     * @return B, the length of θ's first axis
     */
    public long batchSize() {
        return theta.getShape().get(0);
    }

    /**
     * The shape of one instance.
     *
     * @return θ's shape without the batch axis, {@code […]}
     */
    public Shape eventShape() {
        return theta.getShape().slice(1);
    }

    /**
     * The shape of all samples of the batch, in which estimators lay out noise, perturbed θ and solutions.
     *
     * @return {@code [B, S, M, …]}
     */
    public Shape sampleShape() {
        return new Shape(batchSize(), settings.samples(), settings.marginalSamples()).addAll(eventShape());
    }

    /**
     * Perturbs φ for every sample: {@code φ + τ·ε}, φ broadcast against the noise. Without noise (or τ = 0) every
     * sample is φ itself. Differentiable in φ when φ is attached.
     *
     * @param phi φ, {@code [B, …]}
     * @param noise ε, {@code [B, S, M, …]}, usually from {@link #sampleNoise()}
     * @param temperature τ, non-negative
     * @return {@code [B, S, M, …]}, a new array
     */
    public NDArray perturb(NDArray phi, NDArray noise, double temperature) {
        NDArray centre = perSample(phi);
        if (temperature == 0.0 || settings.noise().isNone()) {
            return centre.broadcast(noise.getShape());
        }
        return centre.add(temperature == 1.0 ? noise : noise.mul(Scalars.of(noise, temperature)));
    }

    /**
     * Inserts the two sample axes after the batch axis, so that a per-example array broadcasts against samples
     * {@code [B, S, M, …]}.
     *
     * @param perExample {@code [B, …]}
     * @return the same values as {@code [B, 1, 1, …]}
     */
    public NDArray perSample(NDArray perExample) {
        return perExample.expandDims(1).expandDims(1);
    }

    /**
     * Draws fresh noise from the layer's noise distribution, one entry per sample and event entry.
     *
     * @return ε, {@code [B, S, M, …]} (see {@link #sampleShape()}), unscaled, with θ's data type, on θ's device
     */
    public NDArray sampleNoise() {
        return settings.noise().sample(theta.getManager(), sampleShape(), theta.getDataType());
    }

    /**
     * Solves every instance of {@code phis} in one call of the layer's solver, converting to and from the solver's
     * sense. Instance i of the flattened batch belongs to example {@code i / (N/B)}, which is how the solver finds
     * the extra inputs of its example.
     *
     * @param phis {@code [B, …, event]}, maximisation form, example-major, with any number of sample axes between
     *     the batch axis and the event axes
     * @return the solutions, in the shape of {@code phis}
     * @throws IllegalArgumentException if the first axis of {@code phis} is not B
     * @throws org.imle4j.runtime.solve.SolverException if the solver fails or returns something that is not a
     *     solution for every instance
     */
    public NDArray solve(NDArray phis) {
        Shape shape = phis.getShape();
        long batch = batchSize();
        if (shape.get(0) != batch) {
            throw new IllegalArgumentException("instances to solve must be laid out example-major, [B, …], B = "
                    + batch + ", but have shape " + shape);
        }
        long instances = shape.size() / eventShape().size();
        NDArray flat = phis.reshape(new Shape(instances).addAll(eventShape()));
        NDArray instancesInSense = settings.minimizing() ? flat.neg() : flat;
        long start = System.nanoTime();
        NDArray solutions = solver.solve(instancesInSense, inputs, Math.toIntExact(instances / batch));
        if (reporting()) {
            report("solverInstances", instances);
            report("solverMillis", (System.nanoTime() - start) / 1e6);
        }
        return solutions.reshape(shape);
    }

    /**
     * Shapes samples as the layer's output: each row the mean of its M marginal samples, and with
     * {@link Output#MEAN} also the mean over the S samples. Differentiable where the samples are.
     *
     * @param samples {@code [B, S, M, …]}
     * @return {@code [B·S, …]} (example-major) for {@link Output#SAMPLES}, {@code [B, …]} for {@link Output#MEAN}
     */
    public NDArray output(NDArray samples) {
        NDArray marginals = settings.marginalSamples() == 1 ? samples.squeeze(2) : samples.mean(new int[] {2});
        return settings.output() == Output.MEAN
                ? marginals.mean(new int[] {1})
                : marginals.reshape(new Shape(batchSize() * settings.samples()).addAll(eventShape()));
    }

    /**
     * {@link #output} for estimators differentiated by autograd (relaxations), with the same gradient scale as the
     * deferred estimators: with {@link Output#SAMPLES} each of the S sample rows' gradients reaches φ divided by S, so
     * that φ receives the mean of the per-sample gradients rather than their sum. The values are unchanged.
     *
     * @param samples {@code [B, S, M, …]}, attached to φ's graph
     * @return the values of {@link #output}, {@code [B·S, …]} or {@code [B, …]}, attached to φ's graph
     */
    public NDArray differentiableOutput(NDArray samples) {
        NDArray output = output(samples);
        if (settings.output() == Output.MEAN || settings.samples() == 1) {
            return output;
        }
        NDArray value = output.stopGradient();
        return value.add(output.sub(value).div(Scalars.of(value, settings.samples())));
    }

    /**
     * Records a diagnostic of this step (λ, β, share of non-zero gradient entries, …) under
     * {@code <layer>.<name>} in the trainer's DJL {@code Metrics}, when training through an
     * {@link org.imle4j.runtime.autograd.ImleTrainer} that has metrics; otherwise does nothing.
     *
     * @param name the diagnostic's name within the layer, for instance {@code lambda}
     * @param value its value for this step
     */
    public void report(String name, double value) {
        deferred.report(layerName + "." + name, value);
    }

    /**
     * Whether {@link #report} records anything: estimators skip the diagnostics that need a copy to the host
     * otherwise.
     *
     * @return {@code true} when the trainer has metrics
     */
    public boolean reporting() {
        return deferred.reporting();
    }

    /**
     * Registers how to undo a state update that the estimator's gradient function is about to make, so that a
     * backward pass that fails (here or in a layer visited later) leaves the state as it was; see
     * {@link DeferredBackward#restoreOnFailure}. Call it from the gradient function, just before the update.
     *
     * @param restore puts the state back as it is at this call
     */
    public void restoreOnFailure(Runnable restore) {
        deferred.restoreOnFailure(restore);
    }

    /**
     * Makes the layer's output from the forward samples and registers its backward.
     *
     * @param samples the solutions {@code [B, S, M, …]}
     * @param gradient given dL/dz as {@code [B, g, 1, …]} (g = S per-sample rows, or 1 for the mean output),
     *     returns the estimate of dL/dφ, {@code [B, …]}
     * @return {@code [B·S, …]} (each row the mean of its M marginal samples) or {@code [B, …]}, a leaf that requires
     *     gradient
     */
    public NDArray emit(NDArray samples, UnaryOperator<NDArray> gradient) {
        long batch = batchSize();
        NDArray leaf = output(samples).stopGradient();
        leaf.setRequiresGradient(true);
        Shape gradientShape = new Shape(batch, settings.output() == Output.MEAN ? 1 : settings.samples(), 1)
                .addAll(eventShape());
        deferred.defer(layer, theta, leaf, outputGradient -> {
            NDArray phiGradient = gradient.apply(outputGradient.reshape(gradientShape));
            return settings.minimizing() ? phiGradient.neg() : phiGradient;
        });
        return leaf;
    }
}
