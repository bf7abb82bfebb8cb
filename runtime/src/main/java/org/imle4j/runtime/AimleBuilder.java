package org.imle4j.runtime;

import org.imle4j.annotation.Attribute;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.estimator.ImleEstimator;
import org.imle4j.runtime.imle.AdaptiveTarget;

/**
 * Settings of an {@code @AimleLayer}: the shared ones plus adaptive I-MLE's target, whose
 * {@code λ = β·‖θ‖ / ‖dL/dz‖} follows a target gradient sparsity.
 *
 * @param <T> the concrete builder
 */
public abstract class AimleBuilder<T extends AimleBuilder<T>> extends SolverLayer.Builder<T> {
    private double initialAlpha = Attribute.INITIAL_ALPHA.defaultValue(Double.class);
    private double initialBeta = Attribute.INITIAL_BETA.defaultValue(Double.class);
    private double betaUpdateStep = Attribute.BETA_UPDATE_STEP.defaultValue(Double.class);
    private double betaUpdateMomentum = Attribute.BETA_UPDATE_MOMENTUM.defaultValue(Double.class);
    private double gradNormDecay = Attribute.GRAD_NORM_DECAY.defaultValue(Double.class);
    private double initialGradNorm = Attribute.INITIAL_GRAD_NORM.defaultValue(Double.class);
    private double targetNorm = Attribute.TARGET_NORM.defaultValue(Double.class);
    private boolean perInstanceLambda;

    /**
     * Creates a builder with the annotation's defaults; called by the generated layer's builder.
     *
     * @param layer the layer's class simple name, used in error messages
     * @param method the solver method, {@code owner.Class#method}
     * @param eventRank the rank of one instance of θ, or -1 for a batch solver that accepts any rank
     * @param extraInputs the number of extra inputs ({@code @Input} parameters of the solver), at least 0
     */
    protected AimleBuilder(String layer, String method, int eventRank, int extraInputs) {
        super(layer, method, eventRank, extraInputs);
    }

    /**
     * Sets the scale α of θ in the target distribution {@code θ' = α·θ − λ·dL/dz}; the annotation's
     * {@code initialAlpha}. α stays fixed during training.
     *
     * @param initialAlpha α, finite; default 1
     * @return this builder
     */
    public T optInitialAlpha(double initialAlpha) {
        this.initialAlpha = initialAlpha;
        return self();
    }

    /**
     * Sets the initial β of {@code λ = β·‖θ‖ / ‖dL/dz‖}: β = 1 makes the shift λ·dL/dz as long as θ (in norm). β then
     * adapts after every backward pass.
     *
     * @param initialBeta β₀, non-negative and finite; default 1
     * @return this builder
     */
    public T optInitialBeta(double initialBeta) {
        this.initialBeta = initialBeta;
        return self();
    }

    /**
     * Sets the step by which β moves after each backward pass: up while the gradient estimates have fewer non-zero
     * entries than the target norm, down otherwise.
     *
     * @param betaUpdateStep the step, non-negative and finite (0 keeps β fixed); default 1e-4
     * @return this builder
     */
    public T optBetaUpdateStep(double betaUpdateStep) {
        this.betaUpdateStep = betaUpdateStep;
        return self();
    }

    /**
     * Sets the momentum μ of the β updates, {@code Δ ← μ·Δ ± step}, {@code β ← max(β + Δ, 0)}.
     *
     * @param betaUpdateMomentum μ, in {@code [0, 1)}; default 0 (no momentum)
     * @return this builder
     */
    public T optBetaUpdateMomentum(double betaUpdateMomentum) {
        this.betaUpdateMomentum = betaUpdateMomentum;
        return self();
    }

    /**
     * Sets the decay ρ of the moving average of the gradient sparsity,
     * {@code gradNorm ← ρ·gradNorm + (1 − ρ)·r}, with r the mean number of non-zero entries per gradient estimate of
     * the last backward pass.
     *
     * @param gradNormDecay ρ, in {@code [0, 1)} (0 follows the last pass alone); default 0.9
     * @return this builder
     */
    public T optGradNormDecay(double gradNormDecay) {
        this.gradNormDecay = gradNormDecay;
        return self();
    }

    /**
     * Sets the value g₀ the moving average of the gradient sparsity starts from, before the first backward pass; the
     * annotation's {@code initialGradNorm}. The default is the reference implementation's {@code initial_grad_norm}:
     * with the default decay and target norm, β then falls at the first update if the first gradient estimates have
     * one non-zero entry or more, where g₀ = 0 would raise it unless they had ten or more.
     *
     * @param initialGradNorm g₀, non-negative and finite; default 1
     * @return this builder
     */
    public T optInitialGradNorm(double initialGradNorm) {
        this.initialGradNorm = initialGradNorm;
        return self();
    }

    /**
     * Sets the target number of non-zero entries per gradient estimate (per instance and sample) that β steers the
     * moving average towards. A larger target makes λ grow until the perturbed and the target solutions differ in
     * more entries.
     *
     * @param targetNorm the target, non-negative and finite; default 1
     * @return this builder
     */
    public T optTargetNorm(double targetNorm) {
        this.targetNorm = targetNorm;
        return self();
    }

    /**
     * Sets whether λ is computed per example, {@code λ_b = β·‖θ_b‖ / ‖dL/dz_b‖}, rather than once for the batch
     * from the norms of the whole batch. λ is 0 where dL/dz is 0.
     *
     * @param perInstanceLambda {@code true} for one λ per example; default {@code false}
     * @return this builder
     */
    public T optPerInstanceLambda(boolean perInstanceLambda) {
        this.perInstanceLambda = perInstanceLambda;
        return self();
    }

    @Override
    protected void validate() {
        super.validate();
        check(Attribute.INITIAL_ALPHA, initialAlpha);
        check(Attribute.INITIAL_BETA, initialBeta);
        check(Attribute.BETA_UPDATE_STEP, betaUpdateStep);
        check(Attribute.BETA_UPDATE_MOMENTUM, betaUpdateMomentum);
        check(Attribute.GRAD_NORM_DECAY, gradNormDecay);
        check(Attribute.INITIAL_GRAD_NORM, initialGradNorm);
        check(Attribute.TARGET_NORM, targetNorm);
    }

    @Override
    protected GradientEstimator defaultEstimator() {
        return new ImleEstimator(new AdaptiveTarget(initialAlpha, initialBeta, betaUpdateStep, betaUpdateMomentum,
                gradNormDecay, initialGradNorm, targetNorm, perInstanceLambda));
    }
}
