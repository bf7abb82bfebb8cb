package org.imle4j.samples.inputs;

import ai.djl.ndarray.NDArray;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Input;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.TopK;

/** Solvers that need a per-example value besides θ, passed as an extra block input through {@code @Input}. */
final class BudgetSolvers {
    private BudgetSolvers() {}

    /** The {@code budget} best items of one example; the budget differs from example to example. */
    @AimleLayer(samples = 3, noise = Noise.GUMBEL, structure = Structure.K_SUBSET)
    static int[] withinBudget(float[] theta, @Input int budget) {
        return TopK.indicator(theta, budget);
    }

    /** The best allowed item of every instance at once: {@code mask} is 1 where an item may be chosen. */
    @AimleLayer(noise = Noise.GUMBEL, structure = Structure.ONE_HOT)
    static NDArray bestAllowed(NDArray theta, @Input NDArray mask) {
        NDArray forbidden = mask.eq(Scalars.of(mask, 0)).toType(theta.getDataType(), false);
        NDArray allowed = theta.add(forbidden.mul(Scalars.of(forbidden, -1e9f)));
        return allowed.argMax(1).oneHot(Math.toIntExact(theta.getShape().get(1))).toType(theta.getDataType(), false);
    }
}
