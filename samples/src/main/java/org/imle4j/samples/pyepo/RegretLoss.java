package org.imle4j.samples.pyepo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.imle4j.annotation.Objective;

/**
 * The regret of a solution under the true costs, {@code mean_b (⟨c, z⟩ − ⟨c, w*⟩)} for a minimiser and
 * {@code mean_b (⟨c, w*⟩ − ⟨c, z⟩)} for a maximiser, PyEPO's loss for blackbox differentiation ({@code l1(⟨c, ẑ⟩,
 * z*)}, which is the regret as no feasible solution beats the optimum). Linear in the solution z, so
 * {@code dL/dz = ±c / B}.
 *
 * <p>Labels: the true costs c and the optimal solutions w*, both {@code [B, d]}; prediction: the solver layer's
 * solutions z (or their mean over samples), {@code [B, d]}.
 */
final class RegretLoss extends Loss {
    private final Objective sense;

    RegretLoss(Objective sense) {
        super("regret");
        this.sense = sense;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray solution = predictions.singletonOrThrow();
        NDArray costs = labels.get(0);
        NDArray optimal = labels.get(1).toType(costs.getDataType(), false);
        NDArray value = costs.mul(solution).sum(new int[] {1});
        NDArray best = costs.mul(optimal).sum(new int[] {1});
        return (sense == Objective.MINIMIZE ? value.sub(best) : best.sub(value)).mean();
    }
}
