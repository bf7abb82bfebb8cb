package org.imle4j.samples.nri;

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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The NRI encoder (Kipf et al., ICML 2018), its MLP variant: factor-graph message passing over the complete graph,
 * node → edge → node → edge, then one logit per directed edge, averaged over the two directions of each pair.
 *
 * <p>Input: trajectories {@code [B, n, T, 2]}, each vertex's T positions read as one feature vector. With
 * {@code h₁ = f₁(x)}, {@code e₁ = f₂([h₁(i), h₁(j)])} per directed edge i → j, {@code h₂ = f₃(Σ_{i} e₁(i → j) / n)} and
 * {@code e₂ = f₄([h₂(i), h₂(j), e₁(i → j)])}, the logit of i → j is {@code w·e₂ + b}; each f a two-layer MLP with
 * ELU. Output: {@code [B, n(n−1)/2]}, the logit of pair {i, j} the mean of those of i → j and j → i, so that the
 * latent graph is undirected.
 */
final class NriEncoder extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Relations relations;
    private final int hidden;
    private final Block nodeEmbedding;
    private final Block firstEdge;
    private final Block nodeUpdate;
    private final Block secondEdge;
    private final Block logit;

    /**
     * @param relations the graph's plumbing
     * @param hidden the width of every hidden layer
     */
    NriEncoder(Relations relations, int hidden) {
        super(VERSION);
        this.relations = relations;
        this.hidden = hidden;
        this.nodeEmbedding = addChildBlock("nodeEmbedding", mlp(hidden));
        this.firstEdge = addChildBlock("firstEdge", mlp(hidden));
        this.nodeUpdate = addChildBlock("nodeUpdate", mlp(hidden));
        this.secondEdge = addChildBlock("secondEdge", mlp(hidden));
        this.logit = addChildBlock("logit", Linear.builder().setUnits(1).build());
    }

    static SequentialBlock mlp(int hidden) {
        return new SequentialBlock().add(Linear.builder().setUnits(hidden).build()).add(Activation.eluBlock(1f))
                .add(Linear.builder().setUnits(hidden).build()).add(Activation.eluBlock(1f));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDManager manager = x.getManager();
        NDArray senders = relations.senders(manager);
        NDArray receivers = relations.receivers(manager);
        Shape shape = x.getShape();
        NDArray features = x.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3));
        NDArray nodes = apply(nodeEmbedding, parameterStore, features, training);
        NDArray edges = apply(firstEdge, parameterStore, senders.matMul(nodes).concat(receivers.matMul(nodes), -1),
                training);
        NDArray incoming = relations.incomingMean(manager).matMul(edges);
        NDArray updated = apply(nodeUpdate, parameterStore, incoming, training);
        NDArray second = apply(secondEdge, parameterStore, senders.matMul(updated)
                .concat(receivers.matMul(updated), -1).concat(edges, -1), training);
        NDArray directed = apply(logit, parameterStore, second, training).squeeze(-1);
        return new NDList(directed.matMul(relations.symmetrise(manager)));
    }

    private static NDArray apply(Block block, ParameterStore parameterStore, NDArray input, boolean training) {
        return block.forward(parameterStore, new NDList(input), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), relations.pairs())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0];
        long batch = input.get(0);
        nodeEmbedding.initialize(manager, dataType, new Shape(batch, relations.nodes(), input.get(2) * input.get(3)));
        firstEdge.initialize(manager, dataType, new Shape(batch, relations.directed(), 2L * hidden));
        nodeUpdate.initialize(manager, dataType, new Shape(batch, relations.nodes(), hidden));
        secondEdge.initialize(manager, dataType, new Shape(batch, relations.directed(), 3L * hidden));
        logit.initialize(manager, dataType, new Shape(batch, relations.directed(), hidden));
    }
}
