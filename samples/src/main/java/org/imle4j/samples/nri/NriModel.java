package org.imle4j.samples.nri;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Neural relational inference (Kipf et al., ICML 2018) with a solver layer for the latent graph: the encoder scores
 * every vertex pair from the trajectories, the layer turns the scores into graphs, the decoder predicts the
 * trajectories from their first frames over each graph.
 *
 * <p>Input: trajectories {@code [B, n, T, 2]}. Output: the predicted frames 1 … T−1 over each sampled graph,
 * {@code [B·S, n, T−1, 2]} while training (the S samples of each example in turn) or over the MAP graph,
 * {@code [B, n, T−1, 2]}, otherwise; and the pair scores {@code [B, n(n−1)/2]}.
 */
final class NriModel extends AbstractBlock {
    private static final byte VERSION = 1;

    private final NriEncoder encoder;
    private final LatentGraph graph;
    private final NriDecoder decoder;

    /**
     * @param relations the graph's plumbing
     * @param graph the latent graph's layer
     * @param hidden the width of the hidden layers
     * @param predictionSteps the decoder's steps on its own predictions
     * @param noEdgeMessages whether the decoder passes messages along the pairs that are not edges too
     * @param forces whether the decoder's messages are forces through the layout's step
     */
    NriModel(Relations relations, LatentGraph graph, int hidden, int predictionSteps, boolean noEdgeMessages,
            boolean forces) {
        super(VERSION);
        this.encoder = addChildBlock("encoder", new NriEncoder(relations, hidden));
        this.graph = graph;
        addChildBlock("graph", graph.layer());
        this.decoder = addChildBlock("decoder", new NriDecoder(relations, hidden, predictionSteps, noEdgeMessages,
                forces));
    }

    /** {@return the latent graph} */
    LatentGraph graph() {
        return graph;
    }

    /**
     * The encoder's pair scores.
     *
     * @param parameterStore the parameters
     * @param trajectories {@code [B, n, T, 2]}
     * @return θ, {@code [B, n(n−1)/2]}
     */
    NDArray scores(ParameterStore parameterStore, NDArray trajectories) {
        return encoder.forward(parameterStore, new NDList(trajectories), false).singletonOrThrow();
    }

    /**
     * The decoder's predictions over given graphs.
     *
     * @param parameterStore the parameters
     * @param trajectories {@code [B, n, T, 2]}
     * @param graphs {@code [B, n(n−1)/2]}
     * @return the predicted frames 1 … T−1, {@code [B, n, T−1, 2]}
     */
    NDArray predict(ParameterStore parameterStore, NDArray trajectories, NDArray graphs) {
        return decoder.forward(parameterStore, new NDList(trajectories, graphs), false).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray trajectories = inputs.singletonOrThrow();
        NDArray scores = encoder.forward(parameterStore, inputs, training).singletonOrThrow();
        NDArray graphs = graph.graphs(parameterStore, scores, training);
        long samples = graphs.getShape().get(0) / trajectories.getShape().get(0);
        NDArray repeated = samples > 1 ? trajectories.repeat(0, samples) : trajectories;
        NDArray predictions = decoder.forward(parameterStore, new NDList(repeated, graphs), training)
                .singletonOrThrow();
        return new NDList(predictions, scores);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {decoder.getOutputShapes(inputShapes)[0], encoder.getOutputShapes(inputShapes)[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape scores = encoder.getOutputShapes(inputShapes)[0];
        graph.layer().initialize(manager, dataType, graph.layerInputShape(scores.get(0)));
        decoder.initialize(manager, dataType, inputShapes[0], scores);
    }
}
