package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import org.imle4j.annotation.Structure;

/**
 * Hard Concrete gates (Louizos, Welling and Kingma, "Learning Sparse Neural Networks through L0 Regularization",
 * ICLR 2018) for layers whose solver sets each bit on its own, {@code MAP(φ) = 1[φ > 0]}: each bit becomes a
 * {@link HardConcrete} gate with location {@code log α = φ}, exactly 0 or 1 with positive probability and continuous
 * in between, so that the training output is sparse and its gradient reaches φ by reparameterisation.
 *
 * <p>Forward, for each of the S·M draws of an example: {@code z = min(1, max(0, σ((L + φ)/β)·(ζ − γ) + γ))} with
 * fresh standard logistic noise L for every entry ({@link HardConcrete#gate}). Backward: ordinary autograd,
 * {@code ∂z/∂φ = (ζ − γ)·s·(1 − s)/β} where the gate is strictly between 0 and 1, and 0 where it is rectified; the
 * output stays in θ's graph, so no deferred backward is registered. A minimising solver's φ = −θ is handled by the
 * layer, as for every estimator. With metrics, the share of gates that are not exactly 0 is recorded as
 * {@code <layer>.nonZeroGateFraction}, the sample counterpart of the expected L0 norm per gate.
 *
 * <p>Shapes: θ is {@code [B, …]}, any event shape; the output is {@code [B·S, …]} or, for {@code Output.MEAN},
 * {@code [B, …]}.
 *
 * <p>Assumptions and bias:
 * <ul>
 *   <li>The noise is the distribution's own standard logistic noise: the layer's noise and its temperature are not
 *       used, and neither are its difference scheme and the solver while training.</li>
 *   <li>The gradient is an unbiased estimate of the gradient of the expected loss of the Hard Concrete gates, not of
 *       Bernoulli bits: a loss evaluated on the gates differs from the loss of the 0/1 vectors wherever a gate lies
 *       strictly between 0 and 1.</li>
 *   <li>Outside training the layer returns its solver's {@code MAP(θ) = 1[φ > 0]}, a gate that is open where
 *       {@code P(z = 1) > P(z = 0)} for the paper's symmetric stretch; the paper's deterministic test-time gate
 *       {@code min(1, max(0, σ(φ)·(ζ − γ) + γ))} is what {@link HardConcreteGate} returns outside training.</li>
 * </ul>
 */
public final class HardConcreteEstimator implements GradientEstimator {
    private final HardConcrete gates;

    /**
     * An estimator that draws the given gates.
     *
     * @param gates the distribution of each gate, for instance {@link HardConcrete#paperDefaults()}
     * @throws IllegalArgumentException if {@code gates} is null
     */
    public HardConcreteEstimator(HardConcrete gates) {
        if (gates == null) {
            throw new IllegalArgumentException("the Hard Concrete estimator needs a distribution of its gates, such "
                    + "as HardConcrete.paperDefaults(), but got null");
        }
        this.gates = gates;
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        SampleLayout layout = context.layout();
        NDArray phi = context.attachedPhi();
        NDArray z = gates.gate(layout.perSample(phi), gates.logisticNoise(phi, layout.sampleShape()));
        if (context.reporting()) {
            context.report("nonZeroGateFraction", z.stopGradient().countNonzero().getLong() / (double) z.size());
        }
        return layout.differentiableOutput(z);
    }

    /**
     * Independent bits, each of which it replaces by a gate.
     *
     * @return an {@link Structure#INDEPENDENT_BITS} solver, any noise
     */
    @Override
    public EstimatorRequirements requirements() {
        return EstimatorRequirements.structure("replaces each independent bit by a Hard Concrete gate",
                Structure.INDEPENDENT_BITS);
    }

    @Override
    public String toString() {
        return gates.toString();
    }
}
