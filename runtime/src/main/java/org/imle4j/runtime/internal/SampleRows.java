package org.imle4j.runtime.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Matches labels {@code [B, …]} to a training output of {@code B·S} sample rows.
 *
 * <p>With {@code Output.SAMPLES} a solver layer's training output holds S perturbed samples per example, rows
 * {@code b·S + j}, and stacked layers multiply: {@code B·S₁·S₂} rows. I-MLE minimises the expected loss
 * {@code E_z[ℓ(f(z), y)]}, so each sample row is scored against its example's label: the labels are repeated S
 * times each, in the same example-major order. A layer passes θ the mean over its S samples of the per-sample
 * gradient estimates (as the authors' implementation does), each made from its row's dL/dz; a DJL loss that
 * averages over rows gives each row's dL/dz a factor {@code 1/(B·S)}.
 *
 * <p>The solver layers of a training forward record their row multiplicity on the thread that runs it; the record
 * lasts until the next imle4j gradient collector opens on that thread, so that evaluators that run after the step
 * (DJL's training listeners) see it too.
 */
public final class SampleRows {
    private static final ThreadLocal<List<Expansion>> LATEST = ThreadLocal.withInitial(ArrayList::new);

    private SampleRows() {}

    /** Forgets the previous step's layers. */
    static void startStep() {
        LATEST.get().clear();
    }

    static void record(String layer, int samples, Shape input, Shape output) {
        LATEST.get().add(new Expansion(layer, samples, input, output));
    }

    /**
     * The labels to score {@code predictions} against: {@code labels} itself when every label array has as many
     * rows as the predictions, or when no solver layer made sample rows in this thread's latest training step; each
     * label row repeated {@code m} times (consecutively) when the predictions have {@code m} times as many rows and
     * come from a solver layer's sample rows.
     *
     * @param labels the labels, {@code [B, …]} each
     * @param predictions the model's output; the first array's first axis counts its rows
     * @return the labels, with as many rows as the predictions where they could be matched
     * @throws IllegalArgumentException when solver layers made sample rows in this step but the predictions' rows
     *     are not a multiple of a label's rows produced by one of them; the message names the layers, their S and
     *     the shapes
     */
    public static NDList matchLabels(NDList labels, NDList predictions) {
        if (labels == null || predictions == null || labels.isEmpty() || predictions.isEmpty()) {
            return labels;
        }
        Shape predicted = predictions.head().getShape();
        if (predicted.dimension() == 0) {
            return labels;
        }
        long rows = predicted.get(0);
        if (labels.stream().allMatch(label -> label.getShape().dimension() > 0 && label.getShape().get(0) == rows)) {
            return labels;
        }
        List<Expansion> expansions = LATEST.get();
        if (expansions.isEmpty()) {
            return labels;
        }
        boolean fromSamples = expansions.stream().anyMatch(expansion -> expansion.output().get(0) == rows);
        NDList matched = new NDList(labels.size());
        for (NDArray label : labels) {
            Shape shape = label.getShape();
            if (shape.dimension() > 0 && shape.get(0) == rows) {
                matched.add(label);
            } else if (fromSamples && shape.dimension() > 0 && shape.get(0) > 0 && rows % shape.get(0) == 0) {
                matched.add(label.repeat(0, rows / shape.get(0)));
            } else {
                throw new IllegalArgumentException("labels of shape " + shape + " cannot be matched to predictions of "
                        + "shape " + predicted + ": the solver layers of this training step made sample rows ("
                        + describe(expansions) + "), and each example's label is repeated for its sample rows, so "
                        + "the predictions must have a multiple of the labels' rows, in the layers' example-major "
                        + "order (rows b·S + j). Give labels one row per example, [B, …], and keep the sample rows "
                        + "to the model's output, or use Output.MEAN for one row per example");
            }
        }
        return matched;
    }

    private static String describe(List<Expansion> expansions) {
        return expansions.stream()
                .map(e -> e.layer() + " with S = " + e.samples() + ": θ " + e.input() + " → output " + e.output())
                .collect(Collectors.joining("; "));
    }

    private record Expansion(String layer, int samples, Shape input, Shape output) {}
}
