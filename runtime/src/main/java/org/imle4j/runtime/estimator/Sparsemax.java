package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.imle4j.runtime.autograd.Scalars;

/**
 * Sparsemax (Martins and Astudillo, "From Softmax to Sparsemax", ICML 2016): the Euclidean projection of scores x onto
 * the probability simplex, {@code sparsemax(x) = argmin_{p ∈ Δ} ‖p − x‖² = max(x − τ(x), 0)}. Unlike softmax it
 * reaches the simplex's faces: entries below the threshold τ are exactly 0.
 *
 * <p>The threshold: with the scores sorted decreasingly, {@code x₍₁₎ ≥ x₍₂₎ ≥ …}, the support size is the largest k
 * with {@code 1 + k·x₍ₖ₎ > Σ_{j≤k} x₍ⱼ₎}, and {@code τ = (Σ_{j≤k} x₍ⱼ₎ − 1)/k}. Autograd differentiates the result:
 * τ is recomputed from the support S (found without gradient) as {@code (Σ_{i∈S} x_i − 1)/|S|}, so the Jacobian is
 * the sparsemax one, {@code J = diag(s) − s·sᵀ/|S|} with s the support's indicator.
 */
public final class Sparsemax {
    private Sparsemax() {}

    /**
     * Sparsemax along the last axis, differentiable in the scores.
     *
     * @param scores x, {@code [..., n]} with at least one axis
     * @return the projections, x's shape: non-negative, each row summing to 1
     * @throws IllegalArgumentException if {@code scores} is a scalar
     */
    public static NDArray project(NDArray scores) {
        Shape shape = scores.getShape();
        if (shape.dimension() == 0) {
            throw new IllegalArgumentException("sparsemax projects rows onto the simplex, so it needs scores with at "
                    + "least one axis, but got a scalar");
        }
        int last = shape.dimension() - 1;
        NDArray one = Scalars.of(scores, 1);
        NDArray values = scores.stopGradient();
        NDArray sorted = values.neg().sort(last).neg();
        NDArray cumulative = sorted.cumSum(last);
        long n = shape.get(last);
        NDArray ranks = scores.getManager().arange(1f, n + 1f, 1f, scores.getDataType(), scores.getDevice());
        NDArray prefix = ranks.mul(sorted).add(one).gt(cumulative).toType(scores.getDataType(), false);
        NDArray sortedThreshold = sorted.mul(prefix).sum(new int[] {last}, true).sub(one)
                .div(prefix.sum(new int[] {last}, true));
        NDArray support = values.gt(sortedThreshold).toType(scores.getDataType(), false);
        NDArray threshold = scores.mul(support).sum(new int[] {last}, true).sub(one)
                .div(support.sum(new int[] {last}, true));
        return Activation.relu(scores.sub(threshold));
    }
}
