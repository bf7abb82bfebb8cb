package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.imle4j.annotation.Difference;
import org.imle4j.runtime.PerturbationSettings;
import org.imle4j.runtime.target.AdaptiveTarget;
import org.imle4j.runtime.target.Lambda;
import org.imle4j.runtime.target.TargetDistribution;

/**
 * Implicit maximum-likelihood estimation (Niepert, Minervini and Franceschi, NeurIPS 2021), and with an
 * {@link org.imle4j.runtime.target.AdaptiveTarget} adaptive I-MLE (Minervini, Franceschi and Niepert, AAAI 2023).
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

    public ImleEstimator(TargetDistribution target) {
        this.target = target;
    }

    public TargetDistribution target() {
        return target;
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        PerturbationSettings settings = context.settings();
        NDArray phi = context.phi();
        NDArray noise = context.sampleNoise();
        NDArray samples = context.solve(context.perturb(phi, noise, settings.noiseTemperature()));
        return context.emit(samples, outputGradient -> gradient(context, phi, noise, samples, outputGradient));
    }

    private NDArray gradient(EstimatorContext context, NDArray phi, NDArray noise, NDArray samples,
            NDArray outputGradient) {
        PerturbationSettings settings = context.settings();
        Lambda lambda = target.lambda(phi, outputGradient.squeeze(2));
        NDArray shift = lambda.scale(outputGradient);
        double alpha = target.alpha();
        NDArray base = context.perturb(alpha == 1.0 ? phi : phi.mul(alpha), noise, settings.targetNoiseTemperature());
        NDArray differences;
        double scale = 1.0;
        if (settings.difference() == Difference.CENTRAL) {
            differences = centralDifferences(context, base, shift);
            scale = 0.5;
        } else {
            boolean reuseForward = alpha == 1.0 && settings.targetNoiseTemperature() == settings.noiseTemperature();
            NDArray left = reuseForward ? samples : context.solve(base);
            differences = left.sub(context.solve(base.sub(shift)));
        }
        NDArray marginal = settings.marginalSamples() == 1 ? differences.squeeze(2) : differences.mean(new int[] {2});
        target.observe(marginal);
        if (context.reporting()) {
            context.report("lambda", lambda.mean());
            context.report("nonZeroFraction", marginal.countNonzero().getLong() / (double) marginal.size());
            if (target instanceof AdaptiveTarget adaptive) {
                context.report("beta", adaptive.beta());
            }
        }
        if (!target.dividesByLambda()) {
            return marginal.mean(new int[] {1}).mul(scale);
        }
        return lambda instanceof Lambda.Scalar
                ? lambda.divide(marginal.mean(new int[] {1}).mul(scale))
                : lambda.divide(marginal).mean(new int[] {1}).mul(scale);
    }

    /**
     * {@code MAP(base + shift) − MAP(base − shift)}, undivided, {@code [B, S, M, …]}. Both sides go to the solver in
     * one call: {@code base + (±1)·shift} laid out as {@code [B, S, 2, M, …]}, so instances stay example-major.
     */
    private static NDArray centralDifferences(EstimatorContext context, NDArray base, NDArray shift) {
        NDArray signs = base.getManager().create(new float[] {1, -1}).toType(base.getDataType(), false);
        long[] signShape = new long[base.getShape().dimension() + 1];
        Arrays.fill(signShape, 1);
        signShape[2] = 2;
        NDArray bothSides = base.expandDims(2).add(shift.expandDims(2).mul(signs.reshape(signShape)));
        NDArray solutions = context.solve(bothSides);
        return solutions.get(new NDIndex(":, :, 0")).sub(solutions.get(new NDIndex(":, :, 1")));
    }

    @Override
    public String toString() {
        return (target instanceof AdaptiveTarget ? "AIMLE" : "I-MLE") + "(" + target + ")";
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
