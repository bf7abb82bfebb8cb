package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;

/**
 * Straight-through estimation over perturb-and-MAP (Bengio, Léonard and Courville, 2013): the forward pass samples
 * {@code z = MAP(φ + τ·ε)} as I-MLE does, and the backward pass treats the solver as the identity,
 * {@code dL/dφ = mean over samples of dL/dz}.
 *
 * <p>Biased (the solver's Jacobian is not the identity), but cheap: no extra solver calls.
 */
public final class StraightThroughEstimator implements GradientEstimator {
    /** Creates the estimator; it holds no state, so one instance may serve several layers. */
    public StraightThroughEstimator() {}


    @Override
    public NDArray forward(EstimatorContext context) {
        NDArray perturbed = context.perturb(context.phi(), context.sampleNoise(),
                context.settings().noiseTemperature());
        NDArray samples = context.solve(perturbed);
        return context.emit(samples, outputGradient -> outputGradient.mean(new int[] {2}).mean(new int[] {1}));
    }

    @Override
    public String toString() {
        return "STE";
    }
}
