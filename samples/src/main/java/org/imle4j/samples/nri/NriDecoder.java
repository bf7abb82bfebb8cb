package org.imle4j.samples.nri;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import java.util.ArrayList;
import java.util.List;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The NRI decoder (Kipf et al., ICML 2018): message passing over the latent graph predicts each vertex's next
 * position; by default with force messages, optionally NRI's MLP variant.
 *
 * <p>Force messages, one step from positions x: every directed pair i → j carries the vector
 * {@code (x_i − x_j) · (z_{ij} · softplus(a(d)) + r(d))}, a and r the two outputs of one MLP (two hidden ReLU layers)
 * of the distance d = |x_i − x_j| and 1/(d + 0.05): a pull along the graph's edges that cannot be negative and a
 * push or pull between every pair, so that "edge" means attraction and cannot swap meaning with "no edge". The net
 * force moves each vertex by a tenth of the layout's extent in its direction, then the layout is centred and scaled
 * so that its largest coordinate is 1: the Fruchterman–Reingold step of the data, whose force laws the decoder
 * learns.
 *
 * <p>MLP messages, one step from positions x: a message {@code m(i → j) = z_{ij} · f₁([x_i, x_j])} along every directed edge, so
 * that only the graph's edges carry one (NRI's "skip the first edge type"); or, with messages on the other pairs too,
 * {@code z_{ij} · f₁([x_i, x_j]) + (1 − z_{ij}) · f₀([x_i, x_j])} (f₁ and f₀ computed as one MLP of twice the width),
 * which can model the layout's repulsion of every pair but makes "edge" and "no edge" interchangeable labels. f₁ and
 * f₀ are two-layer ReLU MLPs; each vertex averages its incoming messages (their sum divided by n)
 * and predicts {@code x_j + g([x_j, Σ_i m(i → j)])}, g an MLP with two hidden ReLU layers. Training as NRI does with
 * p prediction steps: from the true positions at frames 0, p, 2p, … the decoder runs p steps on its own predictions,
 * so it predicts frames 1 … T−1 (those past T−1 dropped).
 *
 * <p>Inputs: trajectories {@code [B, n, T, 2]} and the graph {@code z}, {@code [B, n(n−1)/2]} (0/1 or relaxed).
 * Output: the predictions of frames 1 … T−1, {@code [B, n, T−1, 2]}.
 */
final class NriDecoder extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Relations relations;
    private final int hidden;
    private final int predictionSteps;
    private final boolean noEdgeMessages;
    private final boolean forces;
    private final Block message;
    /** The MLP decoder's position update; null with force messages, whose step is the layout's. */
    private final Block update;

    /**
     * @param relations the graph's plumbing
     * @param hidden the width of every hidden layer
     * @param predictionSteps p, the steps the decoder runs on its own predictions, at least 1
     * @param noEdgeMessages whether the pairs that are not edges carry messages f₀ too; MLP messages only
     * @param forces whether the messages are forces through the layout's step rather than MLP messages
     */
    NriDecoder(Relations relations, int hidden, int predictionSteps, boolean noEdgeMessages, boolean forces) {
        super(VERSION);
        this.relations = relations;
        this.hidden = hidden;
        this.predictionSteps = predictionSteps;
        this.noEdgeMessages = noEdgeMessages;
        this.forces = forces;
        long width = noEdgeMessages ? 2L * hidden : hidden;
        SequentialBlock mlp = new SequentialBlock()
                .add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock());
        this.message = addChildBlock("message", forces ? mlp.add(Linear.builder().setUnits(2).build()) : mlp);
        this.update = forces ? null : addChildBlock("update", new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(hidden).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(2).build()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray trajectories = inputs.get(0);
        NDManager manager = trajectories.getManager();
        long batch = trajectories.getShape().get(0);
        long frames = trajectories.getShape().get(2);
        NDArray senders = relations.senders(manager);
        NDArray receivers = relations.receivers(manager);
        NDArray gather = relations.incomingMean(manager);
        NDArray graph = inputs.get(1).matMul(relations.expand(manager)).reshape(batch, 1, relations.directed(), 1);
        NDArray noEdge = graph.onesLike().sub(graph);
        NDArray positions = trajectories.transpose(0, 2, 1, 3).get(":, 0:" + (frames - 1) + ":" + predictionSteps);
        List<NDArray> predictions = new ArrayList<>();
        for (int step = 0; step < predictionSteps; step++) {
            NDArray messages = forces ? forces(parameterStore, senders, receivers, positions, graph, training)
                    : messages(parameterStore, senders, receivers, positions, graph, noEdge, training);
            NDArray incoming = gather.matMul(messages);
            if (forces) {
                positions = layoutStep(positions, incoming);
            } else {
                positions = positions.add(update.forward(parameterStore, new NDList(positions.concat(incoming, -1)),
                        training).singletonOrThrow());
            }
            predictions.add(positions);
        }
        long starts = predictions.get(0).getShape().get(1);
        NDArray byFrame = NDArrays.stack(new NDList(predictions), 2)
                .reshape(batch, starts * predictionSteps, relations.nodes(), 2).get(":, 0:" + (frames - 1));
        return new NDList(byFrame.transpose(0, 2, 1, 3));
    }

    private NDArray messages(ParameterStore parameterStore, NDArray senders, NDArray receivers, NDArray positions,
            NDArray graph, NDArray noEdge, boolean training) {
        NDArray pairs = senders.matMul(positions).concat(receivers.matMul(positions), -1);
        NDArray messages = message.forward(parameterStore, new NDList(pairs), training).singletonOrThrow();
        if (noEdgeMessages) {
            NDList byType = messages.split(2, 3);
            return byType.get(0).mul(graph).add(byType.get(1).mul(noEdge));
        }
        return messages.mul(graph);
    }

    /**
     * Force messages: every pair pushes or pulls with a learned magnitude of its distance, and an edge adds a pull
     * that cannot be negative, so that "edge" means attraction and cannot swap meaning with "no edge".
     */
    private NDArray forces(ParameterStore parameterStore, NDArray senders, NDArray receivers, NDArray positions,
            NDArray graph, boolean training) {
        NDArray toSender = senders.matMul(positions).sub(receivers.matMul(positions));
        NDArray distance = toSender.mul(toSender).sum(new int[] {-1}, true).add(Scalars.of(toSender, 1e-6)).sqrt();
        NDArray features = distance.concat(distance.add(Scalars.of(distance, 0.05)).pow(Scalars.of(distance, -1)), -1);
        NDList magnitudes = message.forward(parameterStore, new NDList(features), training).singletonOrThrow()
                .split(2, 3);
        NDArray pull = Activation.softPlus(magnitudes.get(0)).mul(graph).add(magnitudes.get(1));
        return toSender.mul(pull);
    }

    /**
     * The layout's own step from the net forces: each vertex moves by a tenth of the layout's extent in the direction
     * of its force, then the layout is centred and scaled so that its largest coordinate is 1.
     */
    private static NDArray layoutStep(NDArray positions, NDArray force) {
        NDArray extent = positions.max(new int[] {2}, true).sub(positions.min(new int[] {2}, true))
                .max(new int[] {3}, true);
        NDArray length = force.mul(force).sum(new int[] {3}, true).add(Scalars.of(force, 1e-12)).sqrt();
        NDArray moved = positions.add(force.div(length).mul(extent).mul(Scalars.of(extent, 0.1)));
        NDArray centred = moved.sub(moved.mean(new int[] {2}, true));
        return centred.div(centred.abs().max(new int[] {3}, true).max(new int[] {2}, true));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {new Shape(input.get(0), input.get(1), input.get(2) - 1, input.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        message.initialize(manager, dataType, new Shape(batch, 1, relations.directed(), forces ? 2 : 4));
        if (!forces) {
            update.initialize(manager, dataType, new Shape(batch, 1, relations.nodes(), 2L + hidden));
        }
    }
}
