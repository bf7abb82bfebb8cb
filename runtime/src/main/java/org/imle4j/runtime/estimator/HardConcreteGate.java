package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A DJL block of {@link HardConcrete} gates without a solver, for L0-regularised selection (of weights, features or
 * rationale tokens): its input is {@code log α}, its output the gates. While training each entry is a fresh draw
 * {@code z = min(1, max(0, σ((L + log α)/β)·(ζ − γ) + γ))}, differentiable in log α; outside training it is the
 * deterministic gate {@code min(1, max(0, σ(log α)·(ζ − γ) + γ))} of Louizos, Welling and Kingma (ICLR 2018).
 * Add the expected L0 norm {@link org.imle4j.runtime.loss.ExpectedL0Loss} of the same log α to the training loss to
 * make the gates sparse:
 *
 * <pre>{@code
 * HardConcreteGate gate = new HardConcreteGate(HardConcrete.paperDefaults());
 * NDArray mask = gate.forward(parameterStore, new NDList(logAlpha), true).singletonOrThrow();
 * }</pre>
 *
 * <p>Input and output: one array of any shape, the output of the input's shape, data type and device. The block has
 * no parameters; log α comes from the layer before it.
 */
public final class HardConcreteGate extends AbstractBlock {
    private static final byte VERSION = 1;

    private final HardConcrete gates;

    /**
     * A block of gates of the given distribution.
     *
     * @param gates the distribution of each gate, for instance {@link HardConcrete#paperDefaults()}
     * @throws IllegalArgumentException if {@code gates} is null
     */
    public HardConcreteGate(HardConcrete gates) {
        super(VERSION);
        if (gates == null) {
            throw new IllegalArgumentException("a Hard Concrete gate block needs a distribution of its gates, such "
                    + "as HardConcrete.paperDefaults(), but got null");
        }
        this.gates = gates;
    }

    /**
     * The gates of one input, log α.
     *
     * @param parameterStore unused: the block has no parameters
     * @param inputs one array, log α
     * @param training whether to draw the gates (training) or return the deterministic gate
     * @param params unused
     * @return one array, the gates in [0, 1], of log α's shape
     * @throws IllegalArgumentException if {@code inputs} is not a single array
     */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(this + " takes one input, log α, but got " + inputs.size());
        }
        NDArray logAlpha = inputs.head();
        return new NDList(training ? gates.sample(logAlpha) : gates.deterministicGate(logAlpha));
    }

    /**
     * The input's shape.
     *
     * @param inputShapes log α's shape
     * @return the same shapes
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "HardConcreteGate(" + gates + ")";
    }
}
