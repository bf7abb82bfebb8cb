package org.imle4j.runtime.imle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.FloatBuffer;
import java.util.function.ObjDoubleConsumer;
import org.imle4j.annotation.Attribute;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.internal.Finiteness;

/**
 * Adaptive I-MLE's target (Minervini, Franceschi and Niepert, AAAI 2023): {@code θ' = α·θ − λ·dL/dz} with
 * {@code λ = β·‖θ‖ / ‖dL/dz‖}, and β steered so that the gradient estimates keep a target sparsity.
 *
 * <p>Both norms are taken over the same tensor shape (θ repeated once per sample against the per-sample dL/dz), so
 * the λ that builds θ' is the λ the finite difference is divided by. λ is 0 where dL/dz is 0. After each backward
 * pass, with r the mean number of non-zero entries per (instance, sample) of the finite differences:
 * {@code gradNorm ← ρ·gradNorm + (1 − ρ)·r}, from {@code gradNorm = g₀} (1 by default, as in the reference
 * implementation); {@code u = +step} if {@code gradNorm < targetNorm}, else
 * {@code −step}; {@code Δ = μ·Δ + u}; {@code β ← max(β + Δ, 0)}.
 *
 * <p>β, gradNorm and Δ are the layer's state: saved with the model's parameters, shared by every thread that runs
 * the layer (updates are serialised). A training step whose backward pass fails after the update leaves them as
 * they were before the step (see {@link #snapshot()}).
 */
public final class AdaptiveTarget implements TargetDistribution {
    private final double alpha;
    private final double betaUpdateStep;
    private final double betaUpdateMomentum;
    private final double gradNormDecay;
    private final double targetNorm;
    private final boolean perInstance;

    private double beta;
    private double gradNorm;
    private double previousDelta;

    /**
     * Creates the target with {@code gradNorm = g₀} and {@code Δ = 0}, checking each value against the range of the
     * {@code @AimleLayer} attribute of the same meaning.
     *
     * @param alpha the scale α of θ in the target, finite
     * @param initialBeta β before the first update, non-negative and finite
     * @param betaUpdateStep the step by which β moves after each backward pass, non-negative and finite
     * @param betaUpdateMomentum the momentum μ of the β updates, in {@code [0, 1)}
     * @param gradNormDecay the decay ρ of the moving average of non-zero entries, in {@code [0, 1)}
     * @param initialGradNorm g₀, the moving average before the first update, non-negative and finite (the reference
     *     implementation's {@code initial_grad_norm}, 1 by default)
     * @param targetNorm the number of non-zero entries per (instance, sample) that β steers towards, non-negative
     * @param perInstance true for one λ per example, {@code [B, 1, …, 1]}; false for one λ for the batch
     * @throws IllegalArgumentException if a value is out of range, naming it as the annotation attribute does
     */
    public AdaptiveTarget(double alpha, double initialBeta, double betaUpdateStep, double betaUpdateMomentum,
            double gradNormDecay, double initialGradNorm, double targetNorm, boolean perInstance) {
        this.alpha = Attribute.INITIAL_ALPHA.require(alpha);
        this.beta = Attribute.INITIAL_BETA.require(initialBeta);
        this.betaUpdateStep = Attribute.BETA_UPDATE_STEP.require(betaUpdateStep);
        this.betaUpdateMomentum = Attribute.BETA_UPDATE_MOMENTUM.require(betaUpdateMomentum);
        this.gradNormDecay = Attribute.GRAD_NORM_DECAY.require(gradNormDecay);
        this.gradNorm = Attribute.INITIAL_GRAD_NORM.require(initialGradNorm);
        this.targetNorm = Attribute.TARGET_NORM.require(targetNorm);
        this.perInstance = perInstance;
    }

    @Override
    public double alpha() {
        return alpha;
    }

    @Override
    public boolean dividesByLambda() {
        return true;
    }

    @Override
    public Lambda lambda(NDArray theta, NDArray outputGradient) {
        // ‖θ repeated R times‖ = √R·‖θ‖ and ‖dL/dz repeated R/g times‖ = √(R/g)·‖dL/dz‖ for g gradient rows per
        // example: their ratio is √g·‖θ‖/‖dL/dz‖, the same whether dL/dz is per sample or shared.
        double scale = beta() * Math.sqrt(outputGradient.getShape().get(1));
        if (!perInstance) {
            float[] norms = NDArrays.stack(new NDList(theta.norm(), outputGradient.norm())).toFloatArray();
            return Lambda.of(norms[1] > 0 ? scale * norms[0] / norms[1] : 0.0);
        }
        NDArray thetaNorm = theta.norm(axesAfterFirst(theta.getShape().dimension()), true);
        NDArray gradientNorm = outputGradient.norm(axesAfterFirst(outputGradient.getShape().dimension()), false)
                .reshape(thetaNorm.getShape());
        NDArray lambda = thetaNorm.mul(Scalars.of(thetaNorm, scale))
                .div(gradientNorm.maximum(Scalars.of(gradientNorm, Float.MIN_NORMAL)));
        NDArray nonZero = gradientNorm.gt(Scalars.of(gradientNorm, 0));
        return Lambda.perExample(lambda.mul(nonZero).toType(theta.getDataType(), false));
    }

    @Override
    public void observe(NDArray differences) {
        long rows = differences.getShape().get(0) * differences.getShape().get(1);
        double nonZeroPerSample = nonZero(differences) / (double) rows;
        update(nonZeroPerSample);
    }

    /**
     * The number of non-zero entries; a {@code float32} array in CPU memory (or a small one elsewhere) is counted on
     * the host.
     */
    private static long nonZero(NDArray array) {
        FloatBuffer host = Finiteness.onHost(array);
        if (host == null) {
            return array.countNonzero().getLong();
        }
        long[] count = {0};
        Finiteness.scanRows(host, 1, (values, firstRow, rows) -> {
            int chunk = 0;
            // Without a branch, which the scattered non-zero entries would mispredict.
            for (int i = 0; i < rows; i++) {
                chunk += values[i] != 0 ? 1 : 0;
            }
            count[0] += chunk;
            return -1;
        });
        return count[0];
    }

    /**
     * Applies one β update: {@code gradNorm ← ρ·gradNorm + (1 − ρ)·r}, {@code Δ ← μ·Δ ± step} (+ while
     * {@code gradNorm} is below the target norm), {@code β ← max(β + Δ, 0)}.
     *
     * @param nonZeroPerSample r, the mean number of non-zero entries per (instance, sample) of the finite differences
     *     of the last backward pass
     */
    public synchronized void update(double nonZeroPerSample) {
        gradNorm = gradNormDecay * gradNorm + (1 - gradNormDecay) * nonZeroPerSample;
        double step = gradNorm < targetNorm ? betaUpdateStep : -betaUpdateStep;
        previousDelta = betaUpdateMomentum * previousDelta + step;
        beta = Math.max(beta + previousDelta, 0);
    }

    /**
     * Captures β, gradNorm and Δ; the estimator registers the result with the deferred backward before each update,
     * which runs it if the backward pass fails.
     *
     * @return an action that sets β, gradNorm and Δ back to their values now
     */
    @Override
    public synchronized Runnable snapshot() {
        double savedBeta = beta;
        double savedGradNorm = gradNorm;
        double savedDelta = previousDelta;
        return () -> restore(savedBeta, savedGradNorm, savedDelta);
    }

    private synchronized void restore(double savedBeta, double savedGradNorm, double savedDelta) {
        beta = savedBeta;
        gradNorm = savedGradNorm;
        previousDelta = savedDelta;
    }

    @Override
    public void reportState(ObjDoubleConsumer<String> diagnostics) {
        diagnostics.accept("beta", beta());
    }

    /**
     * Adaptive I-MLE.
     *
     * @return {@code AIMLE}
     */
    @Override
    public String estimatorName() {
        return "AIMLE";
    }

    /**
     * Current β, the factor of {@code λ = β·‖θ‖ / ‖dL/dz‖}.
     *
     * @return β, at least 0
     */
    public synchronized double beta() {
        return beta;
    }

    /**
     * Current moving average of the number of non-zero entries per gradient estimate.
     *
     * @return {@code gradNorm}, g₀ before the first update
     */
    public synchronized double gradNorm() {
        return gradNorm;
    }

    /**
     * Last change of β, the momentum term of the next update.
     *
     * @return Δ, 0 before the first update
     */
    public synchronized double previousDelta() {
        return previousDelta;
    }

    @Override
    public synchronized void saveState(DataOutputStream out) throws IOException {
        out.writeDouble(beta);
        out.writeDouble(gradNorm);
        out.writeDouble(previousDelta);
    }

    @Override
    public synchronized void loadState(DataInputStream in) throws IOException {
        double loadedBeta = in.readDouble();
        double loadedGradNorm = in.readDouble();
        double loadedDelta = in.readDouble();
        if (!(loadedBeta >= 0) || Double.isInfinite(loadedBeta)) {
            throw new StreamCorruptedException("β must be finite and at least 0, but the checkpoint holds "
                    + loadedBeta);
        }
        if (!(loadedGradNorm >= 0) || Double.isInfinite(loadedGradNorm)) {
            throw new StreamCorruptedException("the moving average of non-zero gradient entries must be finite and "
                    + "at least 0, but the checkpoint holds " + loadedGradNorm);
        }
        if (!Double.isFinite(loadedDelta)) {
            throw new StreamCorruptedException("the last change of β must be finite, but the checkpoint holds "
                    + loadedDelta);
        }
        beta = loadedBeta;
        gradNorm = loadedGradNorm;
        previousDelta = loadedDelta;
    }

    @Override
    public synchronized String toString() {
        return "β=" + beta + ", target norm " + targetNorm + (perInstance ? ", per-instance λ" : "");
    }

    private static int[] axesAfterFirst(int rank) {
        int[] axes = new int[rank - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return axes;
    }

}
