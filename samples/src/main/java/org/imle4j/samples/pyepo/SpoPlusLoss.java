package org.imle4j.samples.pyepo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.GridDagShortestPath;

/**
 * The SPO+ loss (Elmachtoub and Grigas, "Smart 'Predict, then Optimize'", Management Science 2022) for the grid
 * shortest path, a convex surrogate of the regret that needs no gradient estimator:
 * <pre>
 *   ℓ(ĉ, c) = −min_w ⟨2ĉ − c, w⟩ + 2⟨ĉ, w*(c)⟩ − z*(c) = ⟨c − 2ĉ, w̃⟩ + 2⟨ĉ, w*⟩ − ⟨c, w*⟩,
 *   w̃ = argmin_w ⟨2ĉ − c, w⟩,   ∂ℓ/∂ĉ = 2(w* − w̃).
 * </pre>
 * With w̃ solved on the host and held fixed, the expression is linear in ĉ, so ordinary autograd yields exactly
 * that subgradient. The value is averaged over the batch.
 *
 * <p>Labels: the true costs c and the optimal paths w*, both {@code [B, d]}; prediction: the predicted costs ĉ,
 * {@code [B, d]}.
 */
final class SpoPlusLoss extends Loss {
    private final int rows;
    private final int cols;

    SpoPlusLoss(int rows, int cols) {
        super("spo+");
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray predicted = predictions.singletonOrThrow();
        NDArray costs = labels.get(0);
        NDArray optimal = labels.get(1).toType(costs.getDataType(), false);
        int batch = Math.toIntExact(predicted.getShape().get(0));
        int arcs = Math.toIntExact(predicted.getShape().get(1));
        NDArray detached = predicted.stopGradient();
        float[] shifted = detached.mul(Scalars.of(detached, 2)).sub(costs).toFloatArray();
        float[] worst = new float[shifted.length];
        for (int b = 0; b < batch; b++) {
            float[] instance = new float[arcs];
            System.arraycopy(shifted, b * arcs, instance, 0, arcs);
            int[] path = GridDagShortestPath.arcs(instance, rows, cols);
            for (int j = 0; j < arcs; j++) {
                worst[b * arcs + j] = path[j];
            }
        }
        NDArray surrogate = predicted.getManager().create(worst, new Shape(batch, arcs));
        int[] arcAxis = {1};
        // A number operand would be freed before the backward pass needs it: see Scalars.
        NDArray two = Scalars.of(predicted, 2);
        return costs.sub(predicted.mul(two)).mul(surrogate).sum(arcAxis)
                .add(predicted.mul(optimal).sum(arcAxis).mul(two))
                .sub(costs.mul(optimal).sum(arcAxis))
                .mean();
    }
}
