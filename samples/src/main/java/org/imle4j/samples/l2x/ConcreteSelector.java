package org.imle4j.samples.l2x;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.imle4j.runtime.autograd.Scalars;

/**
 * L2X's own subset relaxation ({@code Sample_Concrete} in the authors' {@code synthetic/explain.py}): k independent
 * Concrete (Gumbel-softmax) samples over the d features at temperature τ, {@code softmax((logits + g_i)/τ)} with
 * standard Gumbel noise g_i, i = 1 … k, combined by their element-wise maximum, a relaxed k-hot mask while training;
 * outside training the hard mask of the features whose logit is at least the k-th largest.
 *
 * <p>Input and output {@code [B, d]}. The Gumbel noise comes from the engine's random generator, as
 * {@code −log(−log u)} with u uniform on [smallest normal float, 1), the code's range.
 */
final class ConcreteSelector extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int k;
    private final double temperature;

    /**
     * @param k the number of Concrete samples, the subset size
     * @param temperature τ, positive
     */
    ConcreteSelector(int k, double temperature) {
        super(VERSION);
        if (k < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("L2X's Concrete selector needs k ≥ 1 and τ > 0, but got k = " + k
                    + " and τ = " + temperature);
        }
        this.k = k;
        this.temperature = temperature;
    }

    /** The k Concrete samples of each row of {@code logits [B, d]}, {@code [B, k, d]}, each row summing to 1. */
    NDArray samples(NDArray logits) {
        Shape shape = new Shape(logits.getShape().get(0), k, logits.getShape().get(1));
        NDArray uniform = logits.getManager().randomUniform(Float.MIN_NORMAL, 1, shape, logits.getDataType(),
                logits.getDevice());
        NDArray gumbel = uniform.log().neg().log().neg();
        return gumbel.add(logits.expandDims(1)).div(Scalars.of(logits, temperature)).softmax(-1);
    }

    /** The hard mask of {@code logits [B, d]}: 1 where a logit is at least its row's k-th largest. */
    NDArray hard(NDArray logits) {
        long d = logits.getShape().get(1);
        NDArray kth = logits.sort(-1).get(new NDIndex(":, {}", d - k)).expandDims(1);
        return logits.gte(kth).toType(DataType.FLOAT32, false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray logits = inputs.singletonOrThrow();
        return new NDList(training ? samples(logits).max(new int[] {1}) : hard(logits));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // No parameters.
    }
}
