package org.imle4j.samples.pyepo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The regret of a path under the true costs, {@code mean_b (⟨c, z⟩ − ⟨c, w*⟩)}, PyEPO's loss for blackbox
 * differentiation ({@code l1(⟨c, ẑ⟩, z*)}, which is the regret as no feasible path beats the optimum). Linear in the
 * path z, so {@code dL/dz = c / B}.
 *
 * <p>Labels: the true costs c and the optimal paths w*, both {@code [B, d]}; prediction: the solver layer's paths z
 * (or their mean over samples), {@code [B, d]}.
 */
final class RegretLoss extends Loss {

    RegretLoss() {
        super("regret");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray path = predictions.singletonOrThrow();
        NDArray costs = labels.get(0);
        NDArray optimal = labels.get(1).toType(costs.getDataType(), false);
        return costs.mul(path).sum(new int[] {1}).sub(costs.mul(optimal).sum(new int[] {1})).mean();
    }
}
