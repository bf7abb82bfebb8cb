package org.imle4j.samples.nri;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solvers.ArgmaxLayer;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.SpanningTreeLayer;
import org.imle4j.samples.harness.EstimatorChoice;

/**
 * The latent graph of the NRI model: a solver layer that turns the encoder's pair scores θ, {@code [B, m]} with
 * m = n(n−1)/2, into graphs z, {@code [B·S, m]} while training (S samples per example in turn) and the MAP graph
 * {@code [B, m]} otherwise.
 *
 * <p>Independent edges are m two-way choices: the layer sees each pair's scores {@code (0, θ)} as one row of an
 * argmax, so that Gumbel-softmax relaxes each edge's Bernoulli(σ(θ)) on its own and z is the "edge" column.
 */
final class LatentGraph {
    /** The support of the latent graph. */
    enum Structure {
        /** Spanning trees of the complete graph: the maximum spanning tree layer. */
        SPANNING_TREE("spanning tree"),
        /** Exactly n − 1 edges, any of them: the top-k layer. */
        TOP_K("V−1 edges"),
        /** Any set of edges: an argmax layer per edge. */
        INDEPENDENT("independent edges");

        private final String label;

        Structure(String label) {
            this.label = label;
        }

        /** {@return the name in labels} */
        String label() {
            return label;
        }
    }

    private final Structure structure;
    private final SolverLayer layer;
    private final int pairs;

    private LatentGraph(Structure structure, SolverLayer layer, int pairs) {
        this.structure = structure;
        this.layer = layer;
        this.pairs = pairs;
    }

    /**
     * The layer of a method.
     *
     * @param method the structure and estimator
     * @param nodes n
     * @param samples S per example
     * @param settings the estimator's parameters; the relaxation temperature is read by the relaxed estimators
     * @return the latent graph
     */
    static LatentGraph create(GraphMethod method, int nodes, int samples, EstimatorChoice.Settings settings) {
        int pairs = nodes * (nodes - 1) / 2;
        EstimatorChoice estimator = method.estimator();
        SolverLayer layer = switch (method.structure()) {
            case SPANNING_TREE -> estimator.configure(SpanningTreeLayer.builder().setNodes(nodes).optSamples(samples)
                    .optNoise(Noise.SUM_OF_GAMMA).optSumOfGammaK(10).optSolverThreads(1).optOutput(Output.SAMPLES),
                    settings).build();
            case TOP_K -> estimator.configure(BatchTopKLayer.builder().setK(nodes - 1).optSamples(samples)
                    .optNoise(Noise.GUMBEL).optOutput(Output.SAMPLES),
                    settings.withRelaxation(settings.temperature(), nodes - 1)).build();
            case INDEPENDENT -> estimator.configure(ArgmaxLayer.builder().optSamples(samples).optNoise(Noise.GUMBEL)
                    .optSolverThreads(1).optOutput(Output.SAMPLES), settings).build();
        };
        return new LatentGraph(method.structure(), layer, pairs);
    }

    /** {@return the solver layer, a child block of the model} */
    SolverLayer layer() {
        return layer;
    }

    /** {@return the shape of the layer's input for a batch of B examples} */
    Shape layerInputShape(long batch) {
        return structure == Structure.INDEPENDENT ? new Shape(batch * pairs, 2) : new Shape(batch, pairs);
    }

    /**
     * The graphs of some pair scores through the layer: samples while training, the MAP graph otherwise.
     *
     * @param parameterStore the model's parameters
     * @param scores θ, {@code [B, m]}
     * @param training whether the layer samples
     * @return {@code [B·S, m]} while training, {@code [B, m]} otherwise
     */
    NDArray graphs(ParameterStore parameterStore, NDArray scores, boolean training) {
        return edges(layer.forward(parameterStore, new NDList(layerInput(scores)), training).singletonOrThrow(),
                scores.getShape().get(0));
    }

    /**
     * One graph per example drawn by perturb-and-MAP with standard Gumbel noise on the layer's input, the same law
     * for every method at evaluation: the MAP graph of {@code θ + G}.
     *
     * @param parameterStore the model's parameters
     * @param scores θ, {@code [B, m]}
     * @return {@code [B, m]}
     */
    NDArray sample(ParameterStore parameterStore, NDArray scores) {
        NDArray input = layerInput(scores);
        NDArray uniform = input.getManager().randomUniform(1e-10f, 1f, input.getShape());
        NDArray gumbel = uniform.log().neg().log().neg();
        return edges(layer.forward(parameterStore, new NDList(input.add(gumbel)), false).singletonOrThrow(),
                scores.getShape().get(0));
    }

    private NDArray layerInput(NDArray scores) {
        if (structure != Structure.INDEPENDENT) {
            return scores;
        }
        NDArray edge = scores.expandDims(-1);
        return edge.zerosLike().concat(edge, -1).reshape(-1, 2);
    }

    /** The layer's output as graphs {@code [B·S, m]}, the samples of each example in turn. */
    private NDArray edges(NDArray output, long batch) {
        if (structure != Structure.INDEPENDENT) {
            return output;
        }
        long samples = output.getShape().get(0) / (batch * pairs);
        return output.reshape(batch, pairs, samples, 2).transpose(0, 2, 1, 3).get("..., 1")
                .reshape(batch * samples, pairs);
    }
}
