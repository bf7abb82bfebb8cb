package org.imle4j.samples.aspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The L2X model for text (Chen et al. 2018, their IMDB explainer; the setup the stochastic softmax tricks paper uses
 * on BeerAdvocate): an explainer scores every token, a k-subset layer selects k tokens, and a predictor rates the
 * review from the selected tokens alone.
 *
 * <p>Input: token ids {@code [B, L]}, {@link Vocabulary#PADDING} after the review. Explainer: its own embeddings
 * {@code [B, L, d]}; a global branch (convolution of width 3, ReLU, max over positions, dense layer with ReLU) and a
 * local branch (three convolutions of width 3 with dilations 1, 2 and 4, ReLU, so that a token's score sees 7
 * tokens either side), concatenated per position, then a width-1 convolution with ReLU and one to a score θ per
 * token; padding gets the review's lowest token score minus the tokens' range, so that the top-k of θ never selects
 * it. Predictor: its own embeddings times the mask, a
 * convolution of width 5 with ReLU (so a negator two tokens before its word is in view), max over positions, a dense
 * layer with ReLU and a sigmoid output, the rating in (0, 1).
 *
 * <p>While training the selector returns S masks per review, {@code [B·S, L]}, and the output is {@code [B·S, 1]}
 * (the samples of each review in turn); otherwise the mask is the top-k of θ and the output {@code [B, 1]}.
 */
final class AspectModel extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final double VARIANCE_FLOOR = 1e-6;

    private final TokenEmbedding explainerEmbedding;
    private final Block globalConvolution;
    private final Block globalDense;
    private final Block[] localConvolutions;
    private final Block combine;
    private final Block score;
    private final SolverLayer selector;
    private final TokenEmbedding predictorEmbedding;
    private final Block predictorConvolution;
    private final Block predictorDense;
    private final Block output;
    private final int samples;

    /**
     * @param vocabulary the number of token ids
     * @param dimension d, the size of both embeddings
     * @param filters the channels of every convolution and dense layer
     * @param selector the k-subset layer; its S must be {@code samples}
     * @param samples S, the masks per review while training
     */
    AspectModel(int vocabulary, int dimension, int filters, SolverLayer selector, int samples) {
        super(VERSION);
        this.explainerEmbedding = addChildBlock("explainerEmbedding", new TokenEmbedding(vocabulary, dimension));
        this.globalConvolution = addChildBlock("globalConvolution", convolution(filters, 3, 1));
        this.globalDense = addChildBlock("globalDense", Linear.builder().setUnits(filters).build());
        this.localConvolutions = new Block[3];
        for (int layer = 0; layer < localConvolutions.length; layer++) {
            localConvolutions[layer] = addChildBlock("localConvolution" + layer, convolution(filters, 3, 1 << layer));
        }
        this.combine = addChildBlock("combine", convolution(filters, 1, 1));
        this.score = addChildBlock("score", convolution(1, 1, 1));
        this.selector = addChildBlock("selector", selector);
        this.predictorEmbedding = addChildBlock("predictorEmbedding", new TokenEmbedding(vocabulary, dimension));
        this.predictorConvolution = addChildBlock("predictorConvolution", convolution(filters, 5, 1));
        this.predictorDense = addChildBlock("predictorDense", Linear.builder().setUnits(filters).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(1).build());
        this.samples = samples;
    }

    /** A same-length convolution over {@code [N, C, L]}. */
    private static Block convolution(int filters, int width, int dilation) {
        return Conv1d.builder().setFilters(filters).setKernelShape(new Shape(width))
                .optDilation(new Shape(dilation)).optPadding(new Shape(dilation * (width - 1) / 2)).build();
    }

    /**
     * The explainer's scores, padding below every token.
     *
     * @param parameterStore the parameters
     * @param ids the token ids, {@code [B, L]}
     * @param training whether the model is training
     * @return θ, {@code [B, L]}
     */
    NDArray scores(ParameterStore parameterStore, NDArray ids, boolean training) {
        NDArray embedded = explainerEmbedding.forward(parameterStore, new NDList(ids), training).singletonOrThrow()
                .transpose(0, 2, 1);
        NDArray global = Activation.relu(globalConvolution.forward(parameterStore, new NDList(embedded), training)
                .singletonOrThrow()).max(new int[] {2});
        global = Activation.relu(globalDense.forward(parameterStore, new NDList(global), training).singletonOrThrow());
        NDArray local = embedded;
        for (Block layer : localConvolutions) {
            local = Activation.relu(layer.forward(parameterStore, new NDList(local), training).singletonOrThrow());
        }
        long length = ids.getShape().get(1);
        NDArray both = global.expandDims(2).repeat(2, length).concat(local, 1);
        NDArray hidden = Activation.relu(combine.forward(parameterStore, new NDList(both), training)
                .singletonOrThrow());
        return normalised(score.forward(parameterStore, new NDList(hidden), training).singletonOrThrow().squeeze(1),
                ids);
    }

    /**
     * The explainer's raw scores standardised over each review's tokens, its padding below them.
     *
     * @param raw the scores of the last layer, {@code [B, L]}
     * @param ids the token ids, {@code [B, L]}
     * @return θ, {@code [B, L]}
     */
    static NDArray normalised(NDArray raw, NDArray ids) {
        NDArray padding = ids.eq(Scalars.of(ids, Vocabulary.PADDING));
        NDArray theta = standardised(raw, padding);
        return NDArrays.where(padding, floor(theta.stopGradient(), padding), theta);
    }

    /**
     * θ shifted and scaled to mean 0 and standard deviation 1 over each review's tokens (padding excluded). The top-k
     * is the same, but the scores keep the scale of the perturbation: a loss that depends on θ only through its top-k
     * does not bound θ, and with the scale left free the explainer's scores grew to 10⁵–10⁷ within a few hundred
     * Adam steps, the noise no longer changed a sample, and a run that had settled on the wrong tokens stayed there.
     */
    private static NDArray standardised(NDArray theta, NDArray padding) {
        NDArray tokens = padding.logicalNot().toType(theta.getDataType(), false);
        NDArray count = tokens.sum(new int[] {1}, true).maximum(Scalars.of(tokens, 1));
        NDArray centred = theta.sub(theta.mul(tokens).sum(new int[] {1}, true).div(count)).mul(tokens);
        NDArray variance = centred.mul(centred).sum(new int[] {1}, true).div(count);
        return centred.div(variance.add(Scalars.of(variance, VARIANCE_FLOOR)).sqrt());
    }

    /**
     * The score of a review's padding: its tokens' lowest score minus their range, {@code 2·min − max}, 0 for a review
     * without tokens. Padding thus ranks below every token, and it scales with the tokens' scores: adaptive I-MLE's
     * {@code λ = β·‖θ‖ / ‖dL/dz‖} takes ‖θ‖ over padding too, and a fixed penalty such as −10⁴ made ‖θ‖ count
     * padding slots rather than measure the tokens' scores.
     */
    private static NDArray floor(NDArray theta, NDArray padding) {
        // DJL's where does not broadcast: every operand takes θ's shape.
        Shape shape = theta.getShape();
        NDArray lowest = NDArrays.where(padding, Scalars.of(theta, Float.POSITIVE_INFINITY).broadcast(shape), theta)
                .min(new int[] {1}, true);
        NDArray highest = NDArrays.where(padding, Scalars.of(theta, Float.NEGATIVE_INFINITY).broadcast(shape), theta)
                .max(new int[] {1}, true);
        NDArray floor = lowest.add(lowest).sub(highest);
        return NDArrays.where(floor.isInfinite(), floor.zerosLike(), floor).broadcast(shape);
    }

    /**
     * The mask of the selected tokens outside training: the top-k of θ.
     *
     * @param parameterStore the parameters
     * @param ids the token ids, {@code [B, L]}
     * @return {@code [B, L]}, k ones per row
     */
    NDArray selection(ParameterStore parameterStore, NDArray ids) {
        return selector.forward(parameterStore, new NDList(scores(parameterStore, ids, false)), false)
                .singletonOrThrow();
    }

    /**
     * The predictor's rating of the selected tokens.
     *
     * @param parameterStore the parameters
     * @param ids the token ids, {@code [N, L]}
     * @param mask the selection, {@code [N, L]}
     * @param training whether the model is training
     * @return {@code [N, 1]}, in (0, 1)
     */
    NDArray predict(ParameterStore parameterStore, NDArray ids, NDArray mask, boolean training) {
        NDArray embedded = predictorEmbedding.forward(parameterStore, new NDList(ids), training).singletonOrThrow()
                .mul(mask.expandDims(2)).transpose(0, 2, 1);
        NDArray features = Activation.relu(predictorConvolution.forward(parameterStore, new NDList(embedded),
                training).singletonOrThrow()).max(new int[] {2});
        NDArray hidden = Activation.relu(predictorDense.forward(parameterStore, new NDList(features), training)
                .singletonOrThrow());
        return Activation.sigmoid(output.forward(parameterStore, new NDList(hidden), training).singletonOrThrow());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        NDArray theta = scores(parameterStore, ids, training);
        NDArray mask = selector.forward(parameterStore, new NDList(theta), training).singletonOrThrow();
        NDArray repeated = training && samples > 1 ? ids.repeat(0, samples) : ids;
        return new NDList(predict(parameterStore, repeated, mask, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        long batch = ids.get(0);
        long length = ids.get(1);
        explainerEmbedding.initialize(manager, dataType, ids);
        Shape embedded = new Shape(batch, explainerEmbedding.getOutputShapes(new Shape[] {ids})[0].get(2), length);
        globalConvolution.initialize(manager, dataType, embedded);
        Shape convolved = globalConvolution.getOutputShapes(new Shape[] {embedded})[0];
        long filters = convolved.get(1);
        globalDense.initialize(manager, dataType, new Shape(batch, filters));
        Shape local = embedded;
        for (Block layer : localConvolutions) {
            layer.initialize(manager, dataType, local);
            local = layer.getOutputShapes(new Shape[] {local})[0];
        }
        Shape both = new Shape(batch, 2 * filters, length);
        combine.initialize(manager, dataType, both);
        score.initialize(manager, dataType, new Shape(batch, filters, length));
        selector.initialize(manager, dataType, ids);
        predictorEmbedding.initialize(manager, dataType, ids);
        predictorConvolution.initialize(manager, dataType, embedded);
        predictorDense.initialize(manager, dataType, new Shape(batch, filters));
        output.initialize(manager, dataType, new Shape(batch, filters));
    }
}
