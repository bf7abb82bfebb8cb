package org.imle4j.runtime;

import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.estimator.ImleEstimator;
import org.imle4j.runtime.target.AdaptiveTarget;

/**
 * Settings of an {@code @AimleLayer}: the shared ones plus adaptive I-MLE's target, whose
 * {@code λ = β·‖θ‖ / ‖dL/dz‖} follows a target gradient sparsity.
 *
 * @param <T> the concrete builder
 */
public abstract class AimleBuilder<T extends AimleBuilder<T>> extends SolverLayer.Builder<T> {
    private double initialAlpha = 1.0;
    private double initialBeta = 1.0;
    private double betaUpdateStep = 1e-4;
    private double betaUpdateMomentum = 0.0;
    private double gradNormDecay = 0.9;
    private double targetNorm = 1.0;
    private boolean perInstanceLambda;

    protected AimleBuilder(String layer, String method, int eventRank, int extraInputs) {
        super(layer, method, eventRank, extraInputs);
    }

    /** Scale α of θ in the target distribution; finite, default 1. */
    public T optInitialAlpha(double initialAlpha) {
        this.initialAlpha = initialAlpha;
        return self();
    }

    /** Initial β; non-negative, default 1. */
    public T optInitialBeta(double initialBeta) {
        this.initialBeta = initialBeta;
        return self();
    }

    /** Step by which β moves after each backward pass; non-negative, default 1e-4. */
    public T optBetaUpdateStep(double betaUpdateStep) {
        this.betaUpdateStep = betaUpdateStep;
        return self();
    }

    /** Momentum μ of the β updates; in [0, 1), default 0. */
    public T optBetaUpdateMomentum(double betaUpdateMomentum) {
        this.betaUpdateMomentum = betaUpdateMomentum;
        return self();
    }

    /** Decay ρ of the moving average of the gradient sparsity; in [0, 1), default 0.9. */
    public T optGradNormDecay(double gradNormDecay) {
        this.gradNormDecay = gradNormDecay;
        return self();
    }

    /** Target number of non-zero entries per gradient estimate; non-negative, default 1. */
    public T optTargetNorm(double targetNorm) {
        this.targetNorm = targetNorm;
        return self();
    }

    /**
     * Whether λ is computed per example, {@code λ_b = β·‖θ_b‖ / ‖dL/dz_b‖}, rather than once for the batch;
     * default false.
     */
    public T optPerInstanceLambda(boolean perInstanceLambda) {
        this.perInstanceLambda = perInstanceLambda;
        return self();
    }

    @Override
    protected void validate() {
        super.validate();
        if (!Double.isFinite(initialAlpha)) {
            throw outOfRange("initialAlpha", initialAlpha, "finite");
        }
        nonNegative("initialBeta", initialBeta);
        nonNegative("betaUpdateStep", betaUpdateStep);
        unitInterval("betaUpdateMomentum", betaUpdateMomentum);
        unitInterval("gradNormDecay", gradNormDecay);
        nonNegative("targetNorm", targetNorm);
    }

    @Override
    protected GradientEstimator defaultEstimator() {
        return new ImleEstimator(new AdaptiveTarget(initialAlpha, initialBeta, betaUpdateStep, betaUpdateMomentum,
                gradNormDecay, targetNorm, perInstanceLambda));
    }
}
