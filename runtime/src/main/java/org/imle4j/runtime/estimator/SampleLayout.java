package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.PerturbationSettings;
import org.imle4j.runtime.autograd.Scalars;

/**
 * How one training batch lays out its samples, {@code [B, S, M, …]}: S samples of M marginal samples each for each of
 * the B examples, and how they become the layer's output and its gradient.
 *
 * @param batchSize B, the number of examples
 * @param samples S, the samples per example
 * @param marginalSamples M, the marginal samples per sample
 * @param eventShape the shape of one instance: θ's shape without the batch axis
 * @param output what the layer returns while training
 */
public record SampleLayout(long batchSize, int samples, int marginalSamples, Shape eventShape, Output output) {

    /**
     * The layout of a batch θ of the given shape under a layer's settings.
     *
     * @param thetaShape θ's shape, {@code [B, …]}
     * @param settings the layer's settings, which give S, M and the output
     * @return the layout
     */
    public static SampleLayout of(Shape thetaShape, PerturbationSettings settings) {
        return new SampleLayout(thetaShape.get(0), settings.samples(), settings.marginalSamples(),
                thetaShape.slice(1), settings.output());
    }

    /**
     * The shape of all samples of the batch, in which estimators lay out noise, perturbed θ and solutions.
     *
     * @return {@code [B, S, M, …]}
     */
    public Shape sampleShape() {
        return new Shape(batchSize, samples, marginalSamples).addAll(eventShape);
    }

    /**
     * The shape in which an estimator's backward receives dL/dz of the layer's output.
     *
     * @return {@code [B, g, 1, …]}, with g = S per-sample rows, or 1 for {@link Output#MEAN}
     */
    public Shape gradientShape() {
        return new Shape(batchSize, output == Output.MEAN ? 1 : samples, 1).addAll(eventShape);
    }

    /**
     * Inserts the two sample axes after the batch axis, so that a per-example array broadcasts against samples
     * {@code [B, S, M, …]}.
     *
     * @param perExample {@code [B, …]}
     * @return the same values as {@code [B, 1, 1, …]}
     */
    public NDArray perSample(NDArray perExample) {
        // One reshape rather than two expandDims: one array fewer, the same values.
        Shape shape = perExample.getShape();
        return perExample.reshape(new Shape(shape.get(0), 1, 1).addAll(shape.slice(1)));
    }

    /**
     * Shapes samples as the layer's output: each row the mean of its M marginal samples, and with
     * {@link Output#MEAN} also the mean over the S samples. Differentiable where the samples are.
     *
     * @param values the samples, {@code [B, S, M, …]}
     * @return {@code [B·S, …]} (example-major) for {@link Output#SAMPLES}, {@code [B, …]} for {@link Output#MEAN}
     */
    public NDArray shapeAsOutput(NDArray values) {
        Shape rows = new Shape(batchSize * samples).addAll(eventShape);
        if (marginalSamples == 1 && output == Output.SAMPLES) {
            // The marginal axis has length one: a single reshape drops it, one array fewer than squeeze + reshape.
            return values.reshape(rows);
        }
        NDArray marginals = marginalSamples == 1 ? values.squeeze(2) : values.mean(new int[] {2});
        return output == Output.MEAN ? marginals.mean(new int[] {1}) : marginals.reshape(rows);
    }

    /**
     * {@link #shapeAsOutput} for estimators differentiated by autograd (relaxations), with the same gradient scale as
     * the deferred estimators: with {@link Output#SAMPLES} each of the S sample rows' gradients reaches φ divided by S,
     * so that φ receives the mean of the per-sample gradients rather than their sum. The values are unchanged.
     *
     * @param values the samples, {@code [B, S, M, …]}, attached to φ's graph
     * @return the values of {@link #shapeAsOutput}, {@code [B·S, …]} or {@code [B, …]}, attached to φ's graph
     */
    public NDArray differentiableOutput(NDArray values) {
        NDArray shaped = shapeAsOutput(values);
        if (output == Output.MEAN || samples == 1) {
            return shaped;
        }
        NDArray value = shaped.stopGradient();
        return value.add(shaped.sub(value).div(Scalars.of(value, samples)));
    }
}
