package org.imle4j.samples.nri;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.imle4j.samples.harness.EstimatorChoice;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A latent graph distribution of the NRI experiment together with the estimator that trains through it; chosen on
 * the command line by {@link #key()}, named in tables by {@link #label()}.
 */
enum GraphMethod {
    /** Spanning trees by perturb-and-MAP (Sum-of-Gamma noise), adaptive I-MLE with central differences. */
    TREE_AIMLE(LatentGraph.Structure.SPANNING_TREE, EstimatorChoice.AIMLE, "AIMLE central"),
    /** Spanning trees, adaptive I-MLE with forward differences. */
    TREE_AIMLE_FORWARD(LatentGraph.Structure.SPANNING_TREE, EstimatorChoice.AIMLE_FORWARD, "AIMLE forward"),
    /** Spanning trees, I-MLE with a fixed λ. */
    TREE_IMLE(LatentGraph.Structure.SPANNING_TREE, EstimatorChoice.IMLE, "I-MLE"),
    /** Spanning trees, straight-through. */
    TREE_STE(LatentGraph.Structure.SPANNING_TREE, EstimatorChoice.STE, "straight-through"),
    /** Spanning trees, the stochastic softmax trick: edge marginals of the relaxed tree by the matrix-tree theorem. */
    TREE_SST(LatentGraph.Structure.SPANNING_TREE, EstimatorChoice.SST_SPANNING_TREE, "SST"),
    /** Exactly n − 1 edges, the top-k of the edge scores, with the relaxed top-k. */
    TOP_K_RELAXED(LatentGraph.Structure.TOP_K, EstimatorChoice.RELAXED, "relaxed top-k"),
    /** Every edge on or off on its own, with Gumbel-softmax. */
    INDEPENDENT_GUMBEL_SOFTMAX(LatentGraph.Structure.INDEPENDENT, EstimatorChoice.GUMBEL_SOFTMAX, "Gumbel-softmax"),
    /** Every edge on or off on its own, with Gaussian-sparsemax: each edge exactly on or off with positive probability. */
    INDEPENDENT_GAUSSIAN_SPARSEMAX(LatentGraph.Structure.INDEPENDENT, EstimatorChoice.GAUSSIAN_SPARSEMAX,
            "Gaussian-sparsemax");

    private final LatentGraph.Structure structure;
    private final EstimatorChoice estimator;
    private final String estimatorLabel;

    GraphMethod(LatentGraph.Structure structure, EstimatorChoice estimator, String estimatorLabel) {
        this.structure = structure;
        this.estimator = estimator;
        this.estimatorLabel = estimatorLabel;
    }

    /** {@return the latent graph's structure} */
    LatentGraph.Structure structure() {
        return structure;
    }

    /** {@return the estimator that configures the layer} */
    EstimatorChoice estimator() {
        return estimator;
    }

    /** {@return the option value that selects this method: its name in lower case, dashes for underscores} */
    String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@return the name in tables, plots and JSON, structure first, e.g. "spanning tree AIMLE central"} */
    String label() {
        return structure.label() + " " + estimatorLabel;
    }

    /** Parses {@link #key()} (or the constant's name) for picocli, in any case. */
    static final class Converter implements ITypeConverter<GraphMethod> {
        @Override
        public GraphMethod convert(String value) {
            String wanted = value.strip().replace('_', '-');
            for (GraphMethod method : values()) {
                if (method.key().equalsIgnoreCase(wanted)) {
                    return method;
                }
            }
            throw new TypeConversionException("unknown method '" + value + "'; choose from "
                    + Arrays.stream(values()).map(GraphMethod::key).collect(Collectors.joining(", ")));
        }
    }
}
