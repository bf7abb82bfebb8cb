package org.imle4j.runtime.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.stream.IntStream;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.estimator.HardConcrete;

/**
 * The expected L0 norm of Hard Concrete gates (Louizos, Welling and Kingma, ICLR 2018), the penalty that makes them
 * sparse: {@code w · mean over examples of Σ_j P(z_j ≠ 0)}, with
 * {@code P(z_j ≠ 0) = σ(log α_j − β·log(−γ/ζ))} ({@link HardConcrete#nonZeroProbability}). Its gradient in log α_j is
 * {@code w·p_j·(1 − p_j)/B}, exact: no sampling.
 *
 * <p>The loss reads log α from the predictions, {@code [B, …]} (the gates of one example along the axes after the
 * first), and ignores the labels, so it can be added to a data loss with DJL's {@code AbstractCompositeLoss} or
 * evaluated on its own in a hand-written loop. Its weight is held in memory that PyTorch owns (see
 * {@link Scalars}).
 */
public final class ExpectedL0Loss extends Loss {
    private final float weight;
    private final int predictionIndex;
    private final HardConcrete gates;

    /**
     * The penalty of weight 1 on the first prediction, named "ExpectedL0Loss".
     *
     * @param gates the distribution of the gates
     * @throws IllegalArgumentException if {@code gates} is null
     */
    public ExpectedL0Loss(HardConcrete gates) {
        this("ExpectedL0Loss", 1f, 0, gates);
    }

    /**
     * The penalty.
     *
     * @param name the loss's name, under which DJL records it
     * @param weight the factor w, non-negative and finite
     * @param predictionIndex which of the predictions is log α, at least 0
     * @param gates the distribution of the gates
     * @throws IllegalArgumentException if {@code weight} is negative or not finite, {@code predictionIndex} is
     *     negative, or {@code gates} is null
     */
    public ExpectedL0Loss(String name, float weight, int predictionIndex, HardConcrete gates) {
        super(name);
        if (!(weight >= 0) || !Float.isFinite(weight)) {
            throw new IllegalArgumentException("the weight of the expected L0 loss must be non-negative and finite, "
                    + "but was " + weight);
        }
        if (predictionIndex < 0) {
            throw new IllegalArgumentException("the prediction index of the expected L0 loss must be at least 0, but "
                    + "was " + predictionIndex);
        }
        if (gates == null) {
            throw new IllegalArgumentException("the expected L0 loss needs the distribution of its gates, such as "
                    + "HardConcrete.paperDefaults(), but got null");
        }
        this.weight = weight;
        this.predictionIndex = predictionIndex;
        this.gates = gates;
    }

    /**
     * {@code w · mean over examples of Σ_j P(z_j ≠ 0)}.
     *
     * @param labels ignored
     * @param predictions the model's outputs; the one at the prediction index is log α, {@code [B, …]} with at least
     *     one axis
     * @return the loss, a scalar
     * @throws IllegalArgumentException if there is no prediction at the index, or log α is a scalar
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictionIndex >= predictions.size()) {
            throw new IllegalArgumentException(getName() + " reads log α from prediction " + predictionIndex
                    + ", but there are only " + predictions.size() + " predictions");
        }
        NDArray logAlpha = predictions.get(predictionIndex);
        int rank = logAlpha.getShape().dimension();
        if (rank == 0) {
            throw new IllegalArgumentException(getName() + " needs log α of shape [B, …], but got a scalar");
        }
        NDArray perExample = gates.nonZeroProbability(logAlpha);
        if (rank > 1) {
            perExample = perExample.sum(IntStream.range(1, rank).toArray());
        }
        return perExample.mean().mul(Scalars.of(perExample, weight));
    }

    @Override
    public String toString() {
        return getName() + "(w=" + weight + ", " + gates + ")";
    }
}
