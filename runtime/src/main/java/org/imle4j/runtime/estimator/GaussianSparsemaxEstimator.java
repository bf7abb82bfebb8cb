package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.Scalars;

/**
 * Gaussian-sparsemax (Farinhas, Aziz, Niculae and Martins, "Sparse Communication via Mixed Distributions", ICLR
 * 2022) for layers whose solver picks one option, {@code MAP(φ) = onehot(argmax φ)}: the sparsemax projection of
 * Gaussian-perturbed scores, a mixed distribution on the simplex that puts positive probability on every face, the
 * vertices (the one-hot solutions) included.
 *
 * <p>Forward, for each of the S·M noise draws ε of an example: {@code z = sparsemax((φ + σ·ε) / t)} along the last
 * axis ({@link Sparsemax#project}), with ε standard normal (the layer's noise, {@code Noise.GAUSSIAN}), σ the layer's
 * noise temperature and t this estimator's temperature; σ/t is the noise's scale relative to the margin 1 that
 * separates a vertex from the interior. Backward: ordinary autograd through the projection,
 * {@code ∂z/∂φ = (diag(s) − s·sᵀ/|S|)/t} with s the indicator of z's support S; the output stays in θ's graph, so no
 * deferred backward is registered. For n = 2, {@code z = e₁} exactly when {@code (φ₁ − φ₂ + σ·(ε₁ − ε₂))/t ≥ 1},
 * with probability {@code Φ((φ₁ − φ₂ − t)/(σ·√2))}.
 *
 * <p>Shapes: θ is {@code [B, …, n]}, one choice per row along the last axis; the output has θ's event shape, with
 * {@code B·S} rows or, for {@code Output.MEAN}, B.
 *
 * <p>Assumptions and bias:
 * <ul>
 *   <li>The reparameterised gradient is an unbiased estimate of the gradient of the expected loss of the mixed
 *       samples, which differ from one-hot vectors wherever a sample lies inside a face of dimension one or more;
 *       a loss evaluated on them is not the loss of the discrete solutions.</li>
 *   <li>Gaussian noise defines the distribution: the layer must have {@code Noise.GAUSSIAN}, or {@code Noise.NONE},
 *       with which the output is the deterministic {@code sparsemax(φ/t)}.</li>
 *   <li>While training the projection replaces the layer's solver, which is not called; outside training the layer
 *       returns its solver's MAP(θ), which must be the argmax for the two to describe the same problem.</li>
 * </ul>
 */
public final class GaussianSparsemaxEstimator implements GradientEstimator {
    private final double temperature;

    /**
     * An estimator of temperature t.
     *
     * @param temperature t, positive and finite: smaller t puts more of the samples on the vertices
     * @throws IllegalArgumentException if {@code temperature} is not positive and finite
     */
    public GaussianSparsemaxEstimator(double temperature) {
        this.temperature = Range.POSITIVE.require("Gaussian-sparsemax temperature", temperature);
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        NDArray perturbed = context.perturb(context.attachedPhi(), context.sampleNoise(),
                context.settings().noiseTemperature());
        NDArray z = Sparsemax.project(perturbed.div(Scalars.of(perturbed, temperature)));
        return context.layout().differentiableOutput(z);
    }

    /**
     * The argmax of each row, whose one-hot solutions are the simplex's vertices, and the Gaussian noise that defines
     * the distribution.
     *
     * @return a {@link Structure#ONE_HOT} solver with {@link Noise#GAUSSIAN} or {@link Noise#NONE} noise
     */
    @Override
    public EstimatorRequirements requirements() {
        return new EstimatorRequirements(Set.of(Structure.ONE_HOT), Set.of(Noise.GAUSSIAN, Noise.NONE), false,
                "projects Gaussian-perturbed scores of each row onto the simplex, whose vertices are the argmax's "
                        + "one-hot solutions");
    }

    @Override
    public String toString() {
        return "Gaussian-sparsemax(t=" + temperature + ")";
    }
}
