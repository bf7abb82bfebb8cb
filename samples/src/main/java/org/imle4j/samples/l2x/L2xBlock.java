package org.imle4j.samples.l2x;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The L2X model of the authors' {@code synthetic/explain.py}: an explainer MLP scores the features of x, a selector
 * turns the scores into a k-subset mask, and a predictor MLP sees x with the unselected features removed
 * ({@link Masking}) and returns the logits of the two classes.
 *
 * <p>Input {@code [B, d]}. While training the selector returns S masks per example, {@code [B·S, d]} (the samples of
 * each example in turn), and x is repeated to match, so the output is {@code [B·S, 2]}; otherwise the selector's hard
 * mask and {@code [B, 2]}. Explainer: d → 100 → 100 → d; predictor: d → 200 → 200 → 2 with batch normalisation after
 * each hidden layer; the hidden activations are ReLU or SELU as the code chooses per dataset. The code puts an L2
 * penalty on the kernels of every layer but the explainer's last ({@link #regularisedKernels}).
 */
final class L2xBlock extends AbstractBlock {
    private static final byte VERSION = 2;

    private final Block explainer;
    private final Block selector;
    private final Block predictor;
    private final Masking masking;
    private final int samples;
    private final List<Linear> regularised = new ArrayList<>();

    /**
     * @param features d
     * @param selu SELU rather than ReLU after the hidden layers
     * @param selector the k-subset selector, returning S masks per example while training
     * @param samples S
     * @param masking what replaces the unselected features
     */
    L2xBlock(int features, boolean selu, Block selector, int samples, Masking masking) {
        super(VERSION);
        Function<NDList, NDList> activation = selu ? Activation::selu : Activation::relu;
        this.explainer = addChildBlock("explainer", mlp(100, features, false, activation));
        this.selector = addChildBlock("selector", selector);
        this.predictor = addChildBlock("predictor", mlp(200, 2, true, activation));
        this.samples = samples;
        this.masking = masking;
    }

    private SequentialBlock mlp(int hidden, int outputs, boolean predictorNet, Function<NDList, NDList> activation) {
        SequentialBlock mlp = new SequentialBlock();
        for (int layer = 0; layer < 2; layer++) {
            Linear linear = Linear.builder().setUnits(hidden).build();
            regularised.add(linear);
            mlp.add(linear).add(activation);
            if (predictorNet) {
                mlp.add(BatchNorm.builder().build());
            }
        }
        Linear last = Linear.builder().setUnits(outputs).build();
        if (predictorNet) {
            regularised.add(last);
        }
        return mlp.add(last);
    }

    /** {@return the weight matrices the L2X code penalises: all but the explainer's output layer's} */
    List<Parameter> regularisedKernels() {
        return regularised.stream().map(linear -> linear.getParameters().get("weight")).toList();
    }

    /** The explainer's scores of x, {@code [B, d]}, outside training. */
    NDArray scores(ParameterStore parameterStore, NDArray x) {
        return explainer.forward(parameterStore, new NDList(x), false).singletonOrThrow();
    }

    /** The predictor's logits {@code [B, 2]} for x under a given mask {@code [B, d]}, outside training. */
    NDArray predict(ParameterStore parameterStore, NDArray x, NDArray mask) {
        return predictor.forward(parameterStore, new NDList(masking.apply(x, mask)), false).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray scores = explainer.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        NDArray mask = selector.forward(parameterStore, new NDList(scores), training).singletonOrThrow();
        NDArray repeated = training && samples > 1 ? x.repeat(0, samples) : x;
        return predictor.forward(parameterStore, new NDList(masking.apply(repeated, mask)), training);
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
