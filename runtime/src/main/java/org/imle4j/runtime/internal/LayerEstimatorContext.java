package org.imle4j.runtime.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.imle4j.runtime.PerturbationSettings;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.estimator.EstimatorContext;
import org.imle4j.runtime.estimator.SampleLayout;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solve.SolverIdentity;

/**
 * The solver layer's {@link EstimatorContext} for one training forward pass: its solver behind a {@link SolverPort},
 * and the calling thread's {@link DeferredBackward}, which the estimator's gradient joins.
 */
public final class LayerEstimatorContext implements EstimatorContext {
    private final SolverIdentity identity;
    private final NDArray theta;
    private final PerturbationSettings settings;
    private final SampleLayout layout;
    private final SolverPort solver;
    private final DeferredBackward deferred;

    /**
     * Describes one training forward pass; created by the solver layer for each batch.
     *
     * @param identity the layer and its solver method: the layer's name prefixes its diagnostics in the trainer's
     *     metrics, and both name it in error messages
     * @param theta the layer's input θ, {@code [B, …]}, in the solver's own sense and still attached to its graph
     * @param settings the layer's perturbation settings
     * @param solver the layer's solver, bound to the batch's extra inputs, in the solver's own sense
     * @param deferred the calling thread's deferred backward, where {@link #emit} registers the estimator's backward
     */
    public LayerEstimatorContext(SolverIdentity identity, NDArray theta, PerturbationSettings settings, SolverPort solver,
            DeferredBackward deferred) {
        this.identity = identity;
        this.theta = theta;
        this.settings = settings;
        this.layout = SampleLayout.of(theta.getShape(), settings);
        this.solver = solver;
        this.deferred = deferred;
    }

    @Override
    public NDArray theta() {
        return theta;
    }

    @Override
    public NDArray phi() {
        NDArray detached = theta.stopGradient();
        return settings.minimizing() ? detached.neg() : detached;
    }

    @Override
    public NDArray attachedPhi() {
        return settings.minimizing() ? theta.neg() : theta;
    }

    @Override
    public String layer() {
        return identity.describe();
    }

    @Override
    public PerturbationSettings settings() {
        return settings;
    }

    @Override
    public SampleLayout layout() {
        return layout;
    }

    @Override
    public NDArray perturb(NDArray phi, NDArray noise, double temperature) {
        NDArray centre = layout.perSample(phi);
        if (temperature == 0.0 || settings.noise().isNone()) {
            return centre.broadcast(noise.getShape());
        }
        return centre.add(temperature == 1.0 ? noise : noise.mul(Scalars.of(noise, temperature)));
    }

    @Override
    public NDArray sampleNoise() {
        return settings.noise().sample(theta.getManager(), layout.sampleShape(), theta.getDataType());
    }

    @Override
    public NDArray solve(NDArray phis) {
        Shape shape = phis.getShape();
        long batch = layout.batchSize();
        if (shape.get(0) != batch) {
            throw new IllegalArgumentException("instances to solve must be laid out example-major, [B, …], B = "
                    + batch + ", but have shape " + shape);
        }
        long instances = shape.size() / layout.eventShape().size();
        NDArray flat = phis.reshape(new Shape(instances).addAll(layout.eventShape()));
        NDArray solutions = solver.solve(settings.minimizing() ? flat.neg() : flat,
                Math.toIntExact(instances / batch), this::reportSolve);
        return solutions.reshape(shape);
    }

    private void reportSolve(long instances, long nanos) {
        if (reporting()) {
            report("solverInstances", instances);
            report("solverMillis", nanos / 1e6);
        }
    }

    @Override
    public SolverException failure(String what, int example) {
        return identity.failure(what, example, 1, null);
    }

    @Override
    public void report(String name, double value) {
        deferred.report(identity.layer() + "." + name, value);
    }

    @Override
    public boolean reporting() {
        return deferred.reporting();
    }

    @Override
    public void restoreOnFailure(Runnable restore) {
        deferred.restoreOnFailure(restore);
    }

    @Override
    public NDArray emit(NDArray samples, UnaryOperator<NDArray> gradient) {
        NDArray leaf = layout.shapeAsOutput(samples).stopGradient();
        leaf.setRequiresGradient(true);
        Shape gradientShape = layout.gradientShape();
        deferred.defer(identity.describe(), theta, leaf, outputGradient -> {
            NDArray phiGradient = gradient.apply(outputGradient.reshape(gradientShape));
            return settings.minimizing() ? phiGradient.neg() : phiGradient;
        });
        return leaf;
    }
}
