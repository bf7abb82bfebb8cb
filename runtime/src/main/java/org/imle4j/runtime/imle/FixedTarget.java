package org.imle4j.runtime.imle;

import ai.djl.ndarray.NDArray;
import org.imle4j.annotation.Attribute;

/**
 * I-MLE's target with a constant step: {@code θ' = α·θ − λ·dL/dz} (Niepert et al., 2021).
 *
 * @param lambda the step size λ, positive and finite
 * @param alpha the scale α of θ
 * @param dividesByLambda whether the finite difference is divided by λ
 */
public record FixedTarget(double lambda, double alpha, boolean dividesByLambda) implements TargetDistribution {

    /**
     * Checks the components.
     *
     * @param lambda the step size λ, positive and finite
     * @param alpha the scale α of θ, finite
     * @param dividesByLambda whether the finite difference is divided by λ
     * @throws IllegalArgumentException if {@code lambda} is not positive and finite, or {@code alpha} is not finite
     */
    public FixedTarget {
        Attribute.LAMBDA.require(lambda);
        Attribute.ALPHA.require(alpha);
    }

    @Override
    public Lambda lambda(NDArray theta, NDArray outputGradient) {
        return Lambda.of(lambda);
    }
}
