package org.imle4j.runtime.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The L2 loss {@code w · mean (label − prediction)²}, as DJL's {@code Loss.l2Loss}, with its weight w held in
 * memory that PyTorch owns.
 *
 * <p>DJL's own L2 loss multiplies by w with {@code mul(Number)}, whose operand lives in a Java buffer that is freed
 * when the call returns while autograd keeps it for the backward pass (see {@link Scalars}): after a garbage
 * collection between the forward and the backward pass its gradient can be anything. This one is safe to
 * differentiate.
 */
public final class L2Loss extends Loss {
    private final float weight;

    /** An L2 loss named "L2Loss" with weight ½, as DJL's {@code Loss.l2Loss()}. */
    public L2Loss() {
        this("L2Loss", 0.5f);
    }

    /**
     * An L2 loss.
     *
     * @param name the loss's name, under which DJL records it
     * @param weight the factor w, finite
     * @throws IllegalArgumentException if {@code weight} is NaN or infinite
     */
    public L2Loss(String name, float weight) {
        super(name);
        if (!Float.isFinite(weight)) {
            throw new IllegalArgumentException("the weight of the L2 loss must be finite, but was " + weight);
        }
        this.weight = weight;
    }

    /**
     * {@code w · mean (label − prediction)²} over all entries.
     *
     * @param labels one array, reshaped to the prediction's shape
     * @param predictions one array
     * @return the loss, a scalar
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray prediction = predictions.singletonOrThrow();
        NDArray squared = labels.singletonOrThrow().reshape(prediction.getShape()).sub(prediction).square();
        return squared.mul(Scalars.of(squared, weight)).mean();
    }
}
