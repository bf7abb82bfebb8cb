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

    /** The layer's input θ, {@code [B, …]}, still attached to its graph. */
    public NDArray theta() {
        return theta;
    }

    /** θ in maximisation form, detached from the graph. */
    public NDArray phi() {
        NDArray detached = theta.stopGradient();
        return settings.minimizing() ? detached.neg() : detached;
    }

    /** θ in maximisation form, still attached to θ's graph: for estimators whose output is differentiable. */
    public NDArray attachedPhi() {
        return settings.minimizing() ? theta.neg() : theta;
    }

    /** The layer and solver method, as they appear in messages. */
    public String layer() {
        return layer;
    }

    public PerturbationSettings settings() {
        return settings;
    }

    /** Number B of examples. */
    public long batchSize() {
        return theta.getShape().get(0);
    }

    /** Shape of one instance: θ's shape without the batch axis. */
    public Shape eventShape() {
        return theta.getShape().slice(1);
    }

    /** {@code [B, S, M, …]}: the shape of all samples of the batch. */
    public Shape sampleShape() {
        return new Shape(batchSize(), settings.samples(), settings.marginalSamples()).addAll(eventShape());
    }

    /**
     * {@code φ + τ·ε} for every sample: φ {@code [B, …]} broadcast against noise {@code [B, S, M, …]}. Without noise
     * (or τ = 0) every sample is φ itself. Differentiable in φ when φ is attached.
     */
    public NDArray perturb(NDArray phi, NDArray noise, double temperature) {
        NDArray centre = perSample(phi);
        if (temperature == 0.0 || settings.noise().isNone()) {
            return centre.broadcast(noise.getShape());
        }
        return centre.add(temperature == 1.0 ? noise : noise.mul(Scalars.of(noise, temperature)));
    }

    /** {@code [B, …]} as {@code [B, 1, 1, …]}, to broadcast against samples {@code [B, S, M, …]}. */
    public NDArray perSample(NDArray perExample) {
        return perExample.expandDims(1).expandDims(1);
    }

    /** Noise of {@link #sampleShape()}, unscaled, on θ's device. */
    public NDArray sampleNoise() {
        return settings.noise().sample(theta.getManager(), sampleShape(), theta.getDataType());
    }

    /**
     * Solves every instance of {@code phis} ({@code [B, …, event]}, maximisation form, any number of sample axes
     * after the batch axis) and returns the solutions in the same shape.
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
     * The layer's output for samples {@code [B, S, M, …]}: {@code [B·S, …]}, each row the mean of its M marginal
     * samples, or the mean of all samples, {@code [B, …]}. Differentiable where the samples are.
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
     * {@link org.imle4j.runtime.autograd.ImleTrainer} that has metrics.
     */
    public void report(String name, double value) {
        deferred.report(layerName + "." + name, value);
    }

    /** Whether {@link #report} records anything: diagnostics that need a copy to the host are skipped otherwise. */
    public boolean reporting() {
        return deferred.reporting();
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
