package org.imle4j.samples.pyepo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.function.Function;
import org.imle4j.annotation.Objective;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The SPO+ loss (Elmachtoub and Grigas, "Smart 'Predict, then Optimize'", Management Science 2022), a convex surrogate
 * of the regret that needs no gradient estimator. For a minimiser
 * <pre>
 *   ℓ(ĉ, c) = −min_w ⟨2ĉ − c, w⟩ + 2⟨ĉ, w*(c)⟩ − z*(c) = ⟨c − 2ĉ, w̃⟩ + 2⟨ĉ, w*⟩ − ⟨c, w*⟩,
 *   w̃ = argmin_w ⟨2ĉ − c, w⟩,   ∂ℓ/∂ĉ = 2(w* − w̃);
 * </pre>
 * for a maximiser the same with every cost negated: {@code ℓ = ⟨2ĉ − c, w̃⟩ − 2⟨ĉ, w*⟩ + ⟨c, w*⟩},
 * {@code w̃ = argmax_w ⟨2ĉ − c, w⟩}. With w̃ solved on the host and held fixed, the expression is linear in ĉ, so
 * ordinary autograd yields exactly that subgradient. The value is averaged over the batch.
 *
 * <p>Labels: the true costs c and the optimal solutions w*, both {@code [B, d]}; prediction: the predicted costs ĉ,
 * {@code [B, d]}.
 */
final class SpoPlusLoss extends Loss {
    private final Function<float[], int[]> solver;
    private final Objective sense;
    private long solverNanos;

    /**
     * Creates the loss.
     *
     * @param solver the optimal solution of given costs, in the problem's sense
     * @param sense whether the problem minimises or maximises
     */
    SpoPlusLoss(Function<float[], int[]> solver, Objective sense) {
        super("spo+");
        this.solver = solver;
        this.sense = sense;
    }

    /** {@return the wall time spent solving for w̃ so far, in nanoseconds} */
    long solverNanos() {
        return solverNanos;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray predicted = predictions.singletonOrThrow();
        NDArray costs = labels.get(0);
        NDArray optimal = labels.get(1).toType(costs.getDataType(), false);
        int batch = Math.toIntExact(predicted.getShape().get(0));
        int entries = Math.toIntExact(predicted.getShape().get(1));
        NDArray detached = predicted.stopGradient();
        float[] shifted = detached.mul(Scalars.of(detached, 2)).sub(costs).toFloatArray();
        float[] worst = new float[shifted.length];
        long start = System.nanoTime();
        for (int b = 0; b < batch; b++) {
            float[] instance = new float[entries];
            System.arraycopy(shifted, b * entries, instance, 0, entries);
            int[] solution = solver.apply(instance);
            for (int j = 0; j < entries; j++) {
                worst[b * entries + j] = solution[j];
            }
        }
        solverNanos += System.nanoTime() - start;
        NDArray surrogate = predicted.getManager().create(worst, new Shape(batch, entries));
        int[] axis = {1};
        // A number operand would be freed before the backward pass needs it: see Scalars.
        NDArray two = Scalars.of(predicted, 2);
        NDArray loss = costs.sub(predicted.mul(two)).mul(surrogate).sum(axis)
                .add(predicted.mul(optimal).sum(axis).mul(two))
                .sub(costs.mul(optimal).sum(axis));
        return (sense == Objective.MINIMIZE ? loss : loss.neg()).mean();
    }
}
