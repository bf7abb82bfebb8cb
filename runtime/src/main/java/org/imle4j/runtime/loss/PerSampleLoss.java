package org.imle4j.runtime.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.imle4j.runtime.internal.SampleRows;

/**
 * A DJL loss that scores each sample row of a solver layer's training output against its example's label: with
 * {@code Output.SAMPLES} the output has {@code B·S} rows ({@code b·S + j}), the labels {@code B}, and this loss repeats
 * each label S times before the wrapped loss sees it ({@link PerSampleEvaluator} does the same for evaluators). So it
 * computes {@code E_z[ℓ(f(z), y)]}, which I-MLE minimises; where predictions and labels have the same rows it is the
 * wrapped loss itself. {@link org.imle4j.runtime.autograd.ImleTrainer} wraps its loss this way already; use this class
 * in a hand-written loop with {@link org.imle4j.runtime.autograd.ImleGradientCollector}:
 *
 * <pre>{@code
 * Loss loss = PerSampleLoss.of(Loss.l2Loss());
 * try (GradientCollector collector = ImleGradientCollector.open()) {
 *     NDList predictions = block.forward(parameterStore, data, true);  // [B·S, …]
 *     collector.backward(loss.evaluate(labels, predictions));          // labels [B, …]
 * }
 * }</pre>
 *
 * <p>The name and the accumulators are the wrapped loss's.
 */
public final class PerSampleLoss extends Loss {
    private final Loss loss;

    private PerSampleLoss(Loss loss) {
        super(loss.getName());
        this.loss = loss;
    }

    /**
     * Wraps a loss; a loss that is already wrapped is returned as it is.
     *
     * @param loss the loss of one prediction row against one label row
     * @return the loss that matches labels to sample rows
     */
    public static PerSampleLoss of(Loss loss) {
        return loss instanceof PerSampleLoss wrapped ? wrapped : new PerSampleLoss(loss);
    }

    /**
     * The wrapped loss.
     *
     * @return the loss given to {@link #of}
     */
    public Loss unwrap() {
        return loss;
    }

    /**
     * Evaluates the wrapped loss against labels repeated for the sample rows.
     *
     * @param labels the labels, one row per example
     * @param predictions the model's output, one row per sample row
     * @return the wrapped loss's value
     * @throws IllegalArgumentException when the labels cannot be matched to the predictions' sample rows
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return loss.evaluate(SampleRows.matchLabels(labels, predictions), predictions);
    }

    @Override
    public void addAccumulator(String key) {
        loss.addAccumulator(key);
    }

    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {
        loss.updateAccumulator(key, SampleRows.matchLabels(labels, predictions), predictions);
    }

    @Override
    public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
        loss.updateAccumulators(keys, SampleRows.matchLabels(labels, predictions), predictions);
    }

    @Override
    public void resetAccumulator(String key) {
        loss.resetAccumulator(key);
    }

    @Override
    public float getAccumulator(String key) {
        return loss.getAccumulator(key);
    }

    @Override
    public String toString() {
        return "PerSampleLoss(" + loss.getName() + ")";
    }
}
