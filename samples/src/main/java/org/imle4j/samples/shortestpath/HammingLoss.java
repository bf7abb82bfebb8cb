package org.imle4j.samples.shortestpath;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.stream.IntStream;

/**
 * The Hamming loss of Vlastelica et al. between predicted and true solution indicators (path cells, path arcs),
 * summed over the entries of an instance and averaged over the batch: {@code mean_b Σ |z − z*|}. For binary z* and
 * z in [0, 1] (the mean of sampled solutions) it is linear in z: {@code Σ z·(1 − z*) + (1 − z)·z*}, the expected
 * Hamming distance of a sampled solution.
 *
 * <p>DJL's weighted {@code L1Loss} would give the same value, but in DJL 0.35.1 it multiplies the labels instead of
 * the error by the weight, so it has no gradient.
 */
public final class HammingLoss extends Loss {

    /** Creates the loss, named {@code hamming} in training logs. */
    public HammingLoss() {
        super("hamming");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray predicted = predictions.singletonOrThrow();
        NDArray truth = labels.singletonOrThrow().toType(predicted.getDataType(), false);
        int[] cells = IntStream.range(1, predicted.getShape().dimension()).toArray();
        return predicted.sub(truth).abs().sum(cells).mean();
    }
}
