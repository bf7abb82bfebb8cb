package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.imle4j.annotation.Difference;
import org.imle4j.runtime.PerturbationSettings;
import org.imle4j.runtime.imle.Lambda;
import org.imle4j.runtime.imle.TargetDistribution;

/**
 * Implicit maximum-likelihood estimation (Niepert, Minervini and Franceschi, NeurIPS 2021), and with an
 * {@link org.imle4j.runtime.imle.AdaptiveTarget} adaptive I-MLE (Minervini, Franceschi and Niepert, AAAI 2023).
 *
 * <p>Forward: {@code z = MAP(φ + τ·ε)} for S·M noise draws ε per example. Backward, with {@code G = dL/dz} and
 * the same ε scaled by the target temperature τ':
 * <ul>
 *   <li>forward difference: {@code d = MAP(α·φ + τ'·ε) − MAP(α·φ − λ·G + τ'·ε)}, where the first term is the
 *       forward sample itself when α = 1 and τ' = τ;</li>
 *   <li>central difference: {@code d = (MAP(α·φ + λ·G + τ'·ε) − MAP(α·φ − λ·G + τ'·ε)) / 2}.</li>
 * </ul>
 * d is averaged over the M marginal samples, divided by λ (when the target says so), and averaged over the S samples.
 */
public final class ImleEstimator implements GradientEstimator {
    private final TargetDistribution target;

    /**
     * An I-MLE estimator with the given target distribution.
     *
     * @param target a {@link org.imle4j.runtime.imle.FixedTarget} for I-MLE with constant λ, or an
     *     {@link org.imle4j.runtime.imle.AdaptiveTarget} for adaptive I-MLE; a stateful target belongs to this
     *     estimator alone
     */
    public ImleEstimator(TargetDistribution target) {
        this.target = target;
    }

    /**
     * The target distribution that gives λ and α for each backward pass, for reading its state (such as adaptive
     * I-MLE's β) during training.
     *
     * @return the target this estimator was created with
     */
    public TargetDistribution target() {
        return target;
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        PerturbationSettings settings = context.settings();
        NDArray phi = context.phi();
        NDArray noise = context.sampleNoise();
        NDArray perturbed = context.perturb(phi, noise, settings.noiseTemperature());
        NDArray samples = context.solve(perturbed);
        return context.emit(samples,
                outputGradient -> gradient(context, phi, noise, perturbed, samples, outputGradient));
    }

    private NDArray gradient(EstimatorContext context, NDArray phi, NDArray noise, NDArray perturbed,
            NDArray samples, NDArray outputGradient) {
        PerturbationSettings settings = context.settings();
        Lambda lambda = target.lambda(phi, outputGradient.squeeze(2));
        NDArray shift = lambda.scale(outputGradient);
        // With α = 1 and the same temperature the target's base point is the forward's perturbed θ: reuse both.
        boolean reuseForward = target.alpha() == 1.0
                && settings.targetNoiseTemperature() == settings.noiseTemperature();
        NDArray base = reuseForward
                ? perturbed
                : context.perturb(target.scaled(phi), noise, settings.targetNoiseTemperature());
        NDArray differences;
        double factor = 1.0;
        if (settings.difference() == Difference.CENTRAL) {
            differences = centralDifferences(context, base, shift);
            factor = 0.5;
        } else {
            NDArray left = reuseForward ? samples : context.solve(base);
            differences = left.sub(context.solve(base.sub(shift)));
        }
        NDArray marginal = settings.marginalSamples() == 1 ? differences.squeeze(2) : differences.mean(new int[] {2});
        // λ above was computed from the state before this update; a backward that fails later puts the state back.
        context.restoreOnFailure(target.snapshot());
        target.observe(marginal);
        if (context.reporting()) {
            context.report("lambda", lambda.mean());
            context.report("nonZeroFraction", marginal.countNonzero().getLong() / (double) marginal.size());
            target.reportState(context::report);
        }
        return target.estimate(lambda, marginal, factor);
    }

    /**
     * {@code MAP(base + shift) − MAP(base − shift)}, undivided, {@code [B, S, M, …]}. Both sides go to the solver in
     * one call, stacked as {@code [B, S, 2, M, …]} so that instances stay example-major.
     */
    private static NDArray centralDifferences(EstimatorContext context, NDArray base, NDArray shift) {
        // One addition and one subtraction, stacked: the same values, bit for bit, as base + (±1)·shift (negation is
        // exact), with no sign array and two native operations fewer per step.
        NDArray bothSides = NDArrays.stack(new NDList(base.add(shift), base.sub(shift)), 2);
        NDArray solutions = context.solve(bothSides);
        // One split into views rather than two indexing operations: half the native time of get(":, :, i").
        NDList sides = solutions.split(2, 2);
        return sides.get(0).sub(sides.get(1)).squeeze(2);
    }

    @Override
    public String toString() {
        return target.estimatorName() + "(" + target + ")";
    }

    // Fixed and adaptive targets hold different state: the kind names the target's class.
    @Override
    public String stateKind() {
        return "I-MLE, target " + target.getClass().getName();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        target.saveState(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        target.loadState(in);
    }
}
