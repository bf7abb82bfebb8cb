package org.imle4j.samples.l2x;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.imle4j.runtime.SolverLayer;

/**
 * The L2X model: an explainer MLP scores the features of x, a k-subset layer selects k of them, and a predictor MLP
 * sees {@code x ⊙ mask} and returns the logits of the two classes.
 *
 * <p>Input {@code [B, d]}. While training the selector returns S masks per example, {@code [B·S, d]} (the samples
 * of each example in turn), and x is repeated to match, so the output is {@code [B·S, 2]}; otherwise the mask is the
 * top-k of the scores and the output {@code [B, 2]}. Explainer: d → 100 → 100 → d with ReLU; predictor:
 * d → 200 → 200 → 2 with ReLU and batch normalisation after each hidden layer, as in the L2X code.
 */
final class L2xBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block explainer;
    private final SolverLayer selector;
    private final Block predictor;
    private final int samples;

    /**
     * @param features d
     * @param selector the k-subset layer; its S must be {@code samples}
     * @param samples S, the masks per example while training
     */
    L2xBlock(int features, SolverLayer selector, int samples) {
        super(VERSION);
        this.explainer = addChildBlock("explainer", mlp(100, features, false));
        this.selector = addChildBlock("selector", selector);
        this.predictor = addChildBlock("predictor", mlp(200, 2, true));
        this.samples = samples;
    }

    private static SequentialBlock mlp(int hidden, int outputs, boolean batchNorm) {
        SequentialBlock mlp = new SequentialBlock();
        for (int layer = 0; layer < 2; layer++) {
            mlp.add(Linear.builder().setUnits(hidden).build()).add(Activation::relu);
            if (batchNorm) {
                mlp.add(BatchNorm.builder().build());
            }
        }
        return mlp.add(Linear.builder().setUnits(outputs).build());
    }

    /** The explainer's scores of x, {@code [B, d]}, outside training. */
    NDArray scores(ParameterStore parameterStore, NDArray x) {
        return explainer.forward(parameterStore, new NDList(x), false).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray scores = explainer.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        NDArray mask = selector.forward(parameterStore, new NDList(scores), training).singletonOrThrow();
        NDArray repeated = training && samples > 1 ? x.repeat(0, samples) : x;
        return predictor.forward(parameterStore, new NDList(repeated.mul(mask)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return predictor.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        explainer.initialize(manager, dataType, inputShapes);
        selector.initialize(manager, dataType, inputShapes);
        predictor.initialize(manager, dataType, inputShapes);
    }
}
