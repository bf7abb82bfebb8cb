package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The stochastic softmax trick for spanning trees (Paulus, Choi, Tarlow, Krause and Maddison, "Gradient Estimation
 * with Stochastic Softmax Tricks", NeurIPS 2020, section on spanning trees), for layers whose solver returns a
 * maximum-weight spanning tree of the complete graph on n nodes ({@link Structure#SPANNING_TREE}: one entry per edge,
 * the n(n−1)/2 edges in the row-major order of the upper triangle, (0,1), (0,2), …, (n−2,n−1)).
 *
 * <p>Forward, for each of the S·M noise draws G of an example, with {@code a = φ + τ·G} (τ the layer's noise
 * temperature) and t this estimator's temperature: the relaxed tree ẑ is the vector of edge marginals of the Gibbs
 * distribution {@code p(T) ∝ Π_{e∈T} w_e} over spanning trees T, with edge weights {@code w = exp(a / t)}. By the
 * matrix-tree theorem, with the Laplacian {@code L(w) = Σ_e w_e (u_i − u_j)(u_i − u_j)ᵀ} of the edges e = (i, j),
 * {@code L̂} the Laplacian without the row and column of node 0 and {@code M = L̂⁻¹}:
 * <pre>
 *   ẑ_e = w_e · (M_ii + M_jj − 2·M_ij)        (terms of node 0 dropped: ẑ_(0,j) = w_(0,j) · M_jj)
 * </pre>
 * ẑ is the point of the spanning-tree polytope that maximises {@code ⟨ẑ, a⟩ + t·H}, H the entropy of the Gibbs
 * distribution, and ẑ sums to n − 1. Since multiplying every weight by one constant changes no marginal, a is shifted
 * by its largest entry before the exponential (no overflow). The
 * straight-through variant forwards the solver's maximum-weight spanning tree of a and keeps the relaxation's
 * gradient: {@code out = z + ẑ − stopGradient(ẑ)}. Backward: ordinary autograd through the exponential, the matrix
 * products and the inverse; no deferred backward.
 *
 * <p>Shapes: θ is {@code [B, n(n−1)/2]} with n ≥ 2; the output is {@code [B·S, n(n−1)/2]} or, for
 * {@code Output.MEAN}, {@code [B, n(n−1)/2]}. The work per sample is O(n³) for the inverse and O(n⁴) for the matrix
 * products over the n(n−1)/2 edges, on θ's device.
 *
 * <p>Assumptions and bias:
 * <ul>
 *   <li>With standard Gumbel noise ({@code Noise.GUMBEL}) the maximum spanning tree of a is a perturb-and-MAP sample
 *       (not a sample of the Gibbs distribution of φ: the Gumbel-max trick is exact for the choice of one object, not
 *       for trees), and ẑ tends to it as t → 0. The noise is the layer's own; no noise gives the deterministic
 *       marginals of {@code exp(φ / t)}.</li>
 *   <li>For t &gt; 0, ẑ is not a tree, so the gradient is a biased estimate of the gradient of the expected loss of
 *       the discrete trees; the bias vanishes as t → 0 while the gradient's variance grows.</li>
 *   <li>The straight-through variant evaluates the loss at the exact tree but differentiates the relaxation,
 *       elsewhere: biased for every t.</li>
 *   <li>While training the soft variant does not call the layer's solver; outside training the layer returns its
 *       solver's MAP(θ), which must be the maximum spanning tree in the same edge order for the two to describe the
 *       same problem.</li>
 * </ul>
 */
public final class SpanningTreeSstEstimator implements GradientEstimator {
    /** The temperature t of {@link Estimators#sstSpanningTree()}. */
    public static final double DEFAULT_TEMPERATURE = 1.0;

    /** The axes of the samples {@code [B, S, M, …]} before the event. */
    private static final int SAMPLE_AXES = 3;

    private final double temperature;
    private final boolean straightThrough;

    private SpanningTreeSstEstimator(double temperature, boolean straightThrough) {
        this.temperature = Range.POSITIVE.require("spanning-tree SST temperature", temperature);
        this.straightThrough = straightThrough;
    }

    /**
     * Forwards and differentiates the relaxed tree ẑ, the edge marginals of {@code exp((φ + τ·G) / t)}.
     *
     * @param temperature t, positive and finite: small t gives nearly integral trees and high-variance gradients
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code temperature} is not positive and finite
     */
    public static SpanningTreeSstEstimator soft(double temperature) {
        return new SpanningTreeSstEstimator(temperature, false);
    }

    /**
     * Forwards the maximum spanning tree of φ + τ·G, from the layer's solver, and differentiates the relaxed tree ẑ.
     *
     * @param temperature t of the relaxation, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code temperature} is not positive and finite
     */
    public static SpanningTreeSstEstimator straightThrough(double temperature) {
        return new SpanningTreeSstEstimator(temperature, true);
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        Shape event = context.layout().eventShape();
        if (event.dimension() != 1) {
            throw new IllegalArgumentException(context.layer() + ": the spanning-tree SST relaxes a spanning tree "
                    + "given by one score per edge, so θ must have shape [B, n(n−1)/2], but has shape "
                    + context.theta().getShape());
        }
        int nodes = nodes(event.get(0));
        if (nodes < 2) {
            throw new IllegalArgumentException(context.layer() + ": the spanning-tree SST needs n(n−1)/2 edge scores "
                    + "per example for n ≥ 2 nodes, but θ has shape " + context.theta().getShape() + "; "
                    + event.get(0) + " is not n(n−1)/2 for any n ≥ 2");
        }
        double noiseTemperature = context.settings().noiseTemperature();
        NDArray perturbed = context.perturb(context.attachedPhi(), context.sampleNoise(), noiseTemperature);
        NDArray relaxed = edgeMarginals(perturbed, nodes);
        if (!straightThrough) {
            return context.layout().differentiableOutput(relaxed);
        }
        NDArray tree = context.solve(perturbed.stopGradient()).toType(relaxed.getDataType(), false);
        // relaxed − stopGradient(relaxed) is exactly zero, so the forward value is the tree bit for bit.
        return context.layout().differentiableOutput(tree.add(relaxed.sub(relaxed.stopGradient())));
    }

    /**
     * The edge marginals of the Gibbs distribution with weights {@code exp(scores / t)}, by the matrix-tree theorem.
     *
     * @param scores a, {@code [B, S, M, m]} with m = n(n−1)/2
     * @param nodes n
     * @return ẑ, {@code [B, S, M, m]}, with the scores' data type, attached to their graph
     */
    private NDArray edgeMarginals(NDArray scores, int nodes) {
        // One constant factor on all weights scales every tree's weight alike: shifting by the largest score keeps the
        // marginals and their gradient and keeps exp from overflowing.
        NDArray shift = scores.stopGradient().max(new int[] {SAMPLE_AXES}, true);
        NDArray logits = scores.sub(shift);
        NDArray weights = logits.div(Scalars.of(logits, temperature)).exp();
        NDArray incidence = reducedIncidence(weights, nodes);
        // L̂ = Bᵀ·diag(w)·B for the incidence B without node 0's column: [B, S, M, n−1, n−1].
        NDArray laplacian = incidence.transpose().mul(weights.expandDims(SAMPLE_AXES)).matMul(incidence);
        NDArray inverse = laplacian.inverse();
        // b_eᵀ·M·b_e for each edge's row b_e of B: M_ii + M_jj − 2·M_ij, or M_jj for the edges of node 0.
        NDArray quadratic = incidence.matMul(inverse).mul(incidence).sum(new int[] {SAMPLE_AXES + 1});
        return weights.mul(quadratic);
    }

    /**
     * The signed edge-node incidence matrix without node 0's column, {@code [m, n−1]}: row e = (i, j) holds +1 at
     * node i and −1 at node j, columns for nodes 1 … n−1. With {@code like}'s data type, on its device.
     */
    private static NDArray reducedIncidence(NDArray like, int nodes) {
        int edges = nodes * (nodes - 1) / 2;
        float[] entries = new float[edges * (nodes - 1)];
        for (int i = 0, edge = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++, edge++) {
                if (i > 0) {
                    entries[edge * (nodes - 1) + i - 1] = 1;
                }
                entries[edge * (nodes - 1) + j - 1] = -1;
            }
        }
        // The created array is backed by a Java buffer; autograd keeps the incidence for the backward pass, so it
        // works on the engine's own copy (see Scalars).
        try (NDArray javaBacked = like.getManager().create(entries, new Shape(edges, nodes - 1))) {
            return javaBacked.toType(like.getDataType(), true).toDevice(like.getDevice(), false);
        }
    }

    /** n for m = n(n−1)/2 edges, or 0 if m is not of that form. */
    private static int nodes(long edges) {
        long nodes = Math.round((1 + Math.sqrt(1 + 8.0 * edges)) / 2);
        return nodes * (nodes - 1) / 2 == edges && nodes <= Integer.MAX_VALUE ? (int) nodes : 0;
    }

    /**
     * The maximum spanning tree, whose perturbed choice it relaxes.
     *
     * @return a {@link Structure#SPANNING_TREE} solver, any noise
     */
    @Override
    public EstimatorRequirements requirements() {
        return EstimatorRequirements.structure("relaxes the choice of a spanning tree", Structure.SPANNING_TREE);
    }

    @Override
    public String toString() {
        return "spanning-tree SST(t=" + temperature + (straightThrough ? ", straight-through)" : ")");
    }
}
