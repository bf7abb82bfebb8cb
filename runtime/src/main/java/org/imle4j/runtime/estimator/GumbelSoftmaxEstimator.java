package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.Scalars;

/**
 * Gumbel-softmax, also called the Concrete relaxation (Jang, Gu and Poole, "Categorical Reparameterization with
 * Gumbel-Softmax", ICLR 2017; Maddison, Mnih and Teh, "The Concrete Distribution", ICLR 2017), for layers whose
 * solver picks one option: {@code MAP(φ) = onehot(argmax φ)}.
 *
 * <p>Forward, for each of the S·M noise draws G of an example: the soft sample
 * {@code ẑ = softmax((φ + τ·G) / t)} over the n options, with τ the layer's noise temperature and t this estimator's
 * temperature. The straight-through variant forwards the one-hot {@code z = onehot(argmax(φ + τ·G))} instead and
 * keeps the soft sample's gradient: {@code out = z + ẑ − stopGradient(ẑ)}. Backward: ordinary autograd through the
 * softmax, {@code ∂ẑ/∂φ = (diag(ẑ) − ẑẑᵀ) / t}. The output stays in θ's graph, so no deferred backward is registered.
 *
 * <p>Shapes: θ is {@code [B, n]}; the output is {@code [B·S, n]} or, for {@code Output.MEAN}, {@code [B, n]}.
 *
 * <p>Assumptions and bias:
 * <ul>
 *   <li>The method assumes standard Gumbel noise, with which argmax(φ + G) is an exact draw from softmax(φ) (the
 *       Gumbel-max trick). The noise is the layer's own, so build the layer with {@code Noise.GUMBEL}; other noise
 *       relaxes some other distribution, and no noise gives the deterministic {@code softmax(φ/t)}.</li>
 *   <li>For every t &gt; 0 the soft samples are not one-hot, so a loss that is evaluated on them is not the loss of
 *       the discrete samples, and its gradient is a biased estimate of the gradient of the expected discrete loss.
 *       The bias vanishes as t → 0 while the variance of the gradient grows, roughly like 1/t.</li>
 *   <li>The straight-through variant evaluates the loss at the exact discrete sample, but its gradient is still the
 *       soft sample's, evaluated elsewhere: biased for every t, including as t → 0.</li>
 *   <li>While training the relaxation replaces the layer's solver, which is not called; outside training the layer
 *       returns its solver's MAP(θ), which must be the argmax for the two to describe the same problem.</li>
 * </ul>
 */
public final class GumbelSoftmaxEstimator implements GradientEstimator {
    /** The options axis of the samples {@code [B, S, M, n]}. */
    private static final int OPTIONS_AXIS = 3;

    private final double temperature;
    private final boolean straightThrough;

    private GumbelSoftmaxEstimator(double temperature, boolean straightThrough) {
        this.temperature = Range.POSITIVE.require("Gumbel-softmax temperature", temperature);
        this.straightThrough = straightThrough;
    }

    /**
     * Forwards and differentiates the soft samples {@code softmax((φ + τ·G) / t)}.
     *
     * @param temperature t, positive and finite: small t gives nearly one-hot samples and high-variance gradients
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code temperature} is not positive and finite
     */
    public static GumbelSoftmaxEstimator soft(double temperature) {
        return new GumbelSoftmaxEstimator(temperature, false);
    }

    /**
     * Forwards the one-hot argmax of φ + τ·G and differentiates the soft sample of temperature t.
     *
     * @param temperature t of the soft sample, positive and finite
     * @return a new, stateless estimator
     * @throws IllegalArgumentException if {@code temperature} is not positive and finite
     */
    public static GumbelSoftmaxEstimator straightThrough(double temperature) {
        return new GumbelSoftmaxEstimator(temperature, true);
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        if (context.layout().eventShape().dimension() != 1) {
            throw new IllegalArgumentException(context.layer() + ": Gumbel-softmax relaxes the choice of one of n "
                    + "options, so θ must have shape [B, n], but has shape " + context.theta().getShape());
        }
        double noiseTemperature = context.settings().noiseTemperature();
        NDArray perturbed = context.perturb(context.attachedPhi(), context.sampleNoise(), noiseTemperature);
        NDArray soft = perturbed.div(Scalars.of(perturbed, temperature)).softmax(OPTIONS_AXIS);
        if (!straightThrough) {
            return context.layout().differentiableOutput(soft);
        }
        int options = Math.toIntExact(context.layout().eventShape().get(0));
        NDArray oneHot = perturbed.stopGradient().argMax(OPTIONS_AXIS).oneHot(options)
                .toType(soft.getDataType(), false);
        // soft − stopGradient(soft) is exactly zero, so the forward value is the one-hot vector bit for bit.
        return context.layout().differentiableOutput(oneHot.add(soft.sub(soft.stopGradient())));
    }

    /**
     * The argmax of each row, whose Gumbel-max sampling it relaxes.
     *
     * @return a {@link Structure#ONE_HOT} solver, any noise
     */
    @Override
    public EstimatorRequirements requirements() {
        return EstimatorRequirements.structure("relaxes the argmax of each row", Structure.ONE_HOT);
    }

    @Override
    public String toString() {
        return "Gumbel-softmax(t=" + temperature + (straightThrough ? ", straight-through)" : ")");
    }
}
