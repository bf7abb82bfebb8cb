package org.imle4j.runtime;

import org.imle4j.annotation.Attribute;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.estimator.ImleEstimator;
import org.imle4j.runtime.imle.FixedTarget;

/**
 * Settings of an {@code @ImleLayer}: the shared ones plus I-MLE's target {@code θ' = α·θ − λ·dL/dz}.
 *
 * @param <T> the concrete builder
 */
public abstract class ImleBuilder<T extends ImleBuilder<T>> extends SolverLayer.Builder<T> {
    private double lambda = Attribute.LAMBDA.defaultValue(Double.class);
    private double alpha = Attribute.ALPHA.defaultValue(Double.class);
    private boolean scaleGradient = Attribute.SCALE_GRADIENT.defaultValue(Boolean.class);

    /**
     * Creates a builder with the annotation's defaults; called by the generated layer's builder.
     *
     * @param layer the layer's class simple name, used in error messages
     * @param method the solver method, {@code owner.Class#method}
     * @param eventRank the rank of one instance of θ, or -1 for a batch solver that accepts any rank
     * @param extraInputs the number of extra inputs ({@code @Input} parameters of the solver), at least 0
     */
    protected ImleBuilder(String layer, String method, int eventRank, int extraInputs) {
        super(layer, method, eventRank, extraInputs);
    }

    /**
     * Sets the step size λ of the target distribution {@code θ' = α·θ − λ·dL/dz}. A small λ makes the target solution
     * equal the forward one, and the gradient estimate zero, on most steps; a large one moves far from θ and gives
     * coarse estimates. Choose λ relative to the scale of θ and of dL/dz.
     *
     * @param lambda λ, positive and finite; default 1
     * @return this builder
     */
    public T optLambda(double lambda) {
        this.lambda = lambda;
        return self();
    }

    /**
     * Sets the scale α of θ in the target distribution {@code θ' = α·θ − λ·dL/dz}. With α = 1 (and equal noise
     * temperatures) the forward samples serve as the first term of the forward difference, which saves one solver
     * call per perturbed instance.
     *
     * @param alpha α, finite; default 1
     * @return this builder
     */
    public T optAlpha(double alpha) {
        this.alpha = alpha;
        return self();
    }

    /**
     * Sets whether the finite difference of the two MAP states is divided by λ. Without the division the estimate
     * is the mean difference of solutions (for 0/1 solutions, entries in {@code [−1, 1]}), whose scale does not
     * grow as λ shrinks, so the learning rate alone sets the step.
     *
     * @param scaleGradient {@code true} to divide by λ; default {@code true}
     * @return this builder
     */
    public T optScaleGradient(boolean scaleGradient) {
        this.scaleGradient = scaleGradient;
        return self();
    }

    @Override
    protected void validate() {
        super.validate();
        check(Attribute.LAMBDA, lambda);
        check(Attribute.ALPHA, alpha);
    }

    @Override
    protected GradientEstimator defaultEstimator() {
        return new ImleEstimator(new FixedTarget(lambda, alpha, scaleGradient));
    }
}
