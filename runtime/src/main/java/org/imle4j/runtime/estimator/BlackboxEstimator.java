package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.runtime.autograd.Scalars;

/**
 * Differentiation of black-box combinatorial solvers (Vlastelica, Paulus, Musil, Martius and Rolínek, ICLR 2020).
 *
 * <p>The forward pass is the noiseless {@code MAP(φ)}, one solve per example, repeated in every sample row. The
 * backward pass differentiates the piecewise-linear interpolation of the loss: for a minimiser
 * {@code y(w) = argmin ⟨w, y⟩}, {@code dL/dw = −(y(w) − y(w + λ·dL/dy)) / λ}. In maximisation form φ = −w this is
 * {@code dL/dφ = (MAP(φ) − MAP(φ − λ·dL/dz)) / λ}: I-MLE's forward difference without noise, which is how the same
 * code serves maximisers and minimisers. The layer's noise settings are ignored.
 */
public final class BlackboxEstimator implements GradientEstimator {
    private final double lambda;

    /**
     * A blackbox-differentiation estimator.
     *
     * @param lambda the interpolation step λ, positive and finite: λ must be large enough for
     *     {@code MAP(φ − λ·dL/dz)} to differ from {@code MAP(φ)}, or the gradient is zero
     * @throws IllegalArgumentException if {@code lambda} is not positive and finite
     */
    public BlackboxEstimator(double lambda) {
        this.lambda = Range.POSITIVE.require("lambda", lambda);
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        SampleLayout layout = context.layout();
        NDArray phi = context.phi();
        NDArray solution = context.solve(layout.perSample(phi));
        NDArray samples = solution.broadcast(layout.sampleShape());
        return context.emit(samples, outputGradient -> {
            NDArray shifted = layout.perSample(phi).sub(outputGradient.mul(Scalars.of(outputGradient, lambda)));
            NDArray differences = solution.sub(context.solve(shifted)).div(Scalars.of(solution, lambda));
            if (context.reporting()) {
                context.report("nonZeroFraction", differences.countNonzero().getLong() / (double) differences.size());
            }
            return differences.mean(new int[] {2}).mean(new int[] {1});
        });
    }

    @Override
    public String toString() {
        return "DBB(λ=" + lambda + ")";
    }
}
