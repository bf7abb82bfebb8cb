package org.imle4j.runtime;

import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.estimator.ImleEstimator;
import org.imle4j.runtime.target.FixedTarget;

/**
 * Settings of an {@code @ImleLayer}: the shared ones plus I-MLE's target {@code θ' = α·θ − λ·dL/dz}.
 *
 * @param <T> the concrete builder
 */
public abstract class ImleBuilder<T extends ImleBuilder<T>> extends SolverLayer.Builder<T> {
    private double lambda = 1.0;
    private double alpha = 1.0;
    private boolean scaleGradient = true;

    protected ImleBuilder(String layer, String method, int eventRank, int extraInputs) {
        super(layer, method, eventRank, extraInputs);
    }

    /** Step size λ of the target distribution; positive and finite, default 1. */
    public T optLambda(double lambda) {
        this.lambda = lambda;
        return self();
    }

    /** Scale α of θ in the target distribution; finite, default 1. */
    public T optAlpha(double alpha) {
        this.alpha = alpha;
        return self();
    }

    /** Whether the finite difference is divided by λ; default true. */
    public T optScaleGradient(boolean scaleGradient) {
        this.scaleGradient = scaleGradient;
        return self();
    }

    @Override
    protected void validate() {
        super.validate();
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw outOfRange("lambda", lambda, "positive and finite");
        }
        if (!Double.isFinite(alpha)) {
            throw outOfRange("alpha", alpha, "finite");
        }
    }

    @Override
    protected GradientEstimator defaultEstimator() {
        return new ImleEstimator(new FixedTarget(lambda, alpha, scaleGradient));
    }
}
