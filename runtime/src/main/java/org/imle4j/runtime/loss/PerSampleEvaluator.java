package org.imle4j.runtime.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.evaluator.Evaluator;
import org.imle4j.runtime.internal.SampleRows;

/**
 * A DJL evaluator (accuracy, …) that scores each sample row of a solver layer's training output against its
 * example's label, as {@link PerSampleLoss} does for losses: labels {@code [B, …]} are repeated S times each for an
 * output of {@code B·S} rows ({@code b·S + j}); where predictions and labels have the same rows it is the wrapped
 * evaluator itself. {@link org.imle4j.runtime.autograd.ImleTrainer} wraps its evaluators this way already.
 *
 * <p>The name and the accumulators are the wrapped evaluator's.
 */
public final class PerSampleEvaluator extends Evaluator {
    private final Evaluator evaluator;

    private PerSampleEvaluator(Evaluator evaluator) {
        super(evaluator.getName());
        this.evaluator = evaluator;
    }

    /**
     * Wraps an evaluator; an evaluator that is already wrapped is returned as it is.
     *
     * @param evaluator the evaluator of prediction rows against label rows
     * @return the evaluator that matches labels to sample rows
     */
    public static PerSampleEvaluator of(Evaluator evaluator) {
        return evaluator instanceof PerSampleEvaluator wrapped ? wrapped : new PerSampleEvaluator(evaluator);
    }

    /**
     * The wrapped evaluator.
     *
     * @return the evaluator given to {@link #of}
     */
    public Evaluator unwrap() {
        return evaluator;
    }

    /**
     * Evaluates the wrapped evaluator against labels repeated for the sample rows.
     *
     * @param labels the labels, one row per example
     * @param predictions the model's output, one row per sample row
     * @return the wrapped evaluator's value
     * @throws IllegalArgumentException when the labels cannot be matched to the predictions' sample rows
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return evaluator.evaluate(SampleRows.matchLabels(labels, predictions), predictions);
    }

    @Override
    public void addAccumulator(String key) {
        evaluator.addAccumulator(key);
    }

    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {
        evaluator.updateAccumulator(key, SampleRows.matchLabels(labels, predictions), predictions);
    }

    @Override
    public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
        evaluator.updateAccumulators(keys, SampleRows.matchLabels(labels, predictions), predictions);
    }

    @Override
    public void resetAccumulator(String key) {
        evaluator.resetAccumulator(key);
    }

    @Override
    public float getAccumulator(String key) {
        return evaluator.getAccumulator(key);
    }

    @Override
    public String toString() {
        return "PerSampleEvaluator(" + evaluator.getName() + ")";
    }
}
