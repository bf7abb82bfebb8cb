package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.noise.NoiseSampler;

/**
 * Differentiable perturbed optimizers (Berthet, Blondel, Teboul, Cuturi, Vert and Bach, "Learning with
 * Differentiable Perturbed Optimizers", NeurIPS 2020).
 *
 * <p>The layer stands for the perturbed maximiser {@code y_σ(φ) = E[MAP(φ + σZ)]}, with σ the layer's noise
 * temperature and Z of density {@code ∝ exp(−ν(z))}. Forward: the S·M solutions {@code y = MAP(φ + σZ)}, shaped as
 * the layer's output says (each row a Monte-Carlo estimate of y_σ). Backward, by integration by parts against the
 * noise density (Berthet et al., Proposition 3.1): {@code ∂y_σ/∂φ = (1/σ)·E[MAP(φ + σZ)·∇ν(Z)ᵀ]}, so for the
 * output gradient G
 * <pre>
 *   dL/dφ ≈ (1/σ) · mean over samples s, m of  ∇ν(Z_sm) · ⟨y_sm, G_s⟩
 * </pre>
 * using the very Z of the forward pass. The noise supplies ∇ν ({@link NoiseSampler#potentialGradient()}):
 * {@code ∇ν(Z) = Z} for standard Gaussian noise, {@code ∇ν(Z) = 1 − e^{−Z}} for standard Gumbel noise
 * ({@code ν(z) = z + e^{−z}}). Noise without it (Sum-of-Gamma, whose density has no closed form, and no noise), and
 * σ = 0, are rejected when the layer is built (see {@link #requirements()}). No solver calls beyond the forward ones.
 *
 * <p>Bias and variance:
 * <ul>
 *   <li>For a given G the estimate is unbiased for {@code (∂y_σ/∂φ)ᵀ·G}: the gradient of the smoothed y_σ, not of the
 *       piecewise-constant MAP (whose gradient is zero almost everywhere). When G itself depends on the sampled
 *       output (a non-linear loss) the composition carries the usual Monte-Carlo bias of a plug-in estimate.</li>
 *   <li>With {@code Output.SAMPLES} the per-row gradients are averaged over the S rows, as
 *       {@link ImleEstimator} does, rather than summed.</li>
 *   <li>The variance grows like 1/σ² and there is no control variate; for Gumbel noise each term has
 *       {@code E[(1 − e^{−Z})²] = 1}, for Gaussian {@code E[Z²] = 1}, so a coordinate's variance is at most
 *       {@code max⟨y, G⟩² / (σ²·S·M)}.</li>
 * </ul>
 */
public final class PerturbedOptimizerEstimator implements GradientEstimator {
    /** Creates the estimator; it holds no state, so one instance may serve several layers. */
    public PerturbedOptimizerEstimator() {}


    @Override
    public NDArray forward(EstimatorContext context) {
        double sigma = context.settings().noiseTemperature();
        UnaryOperator<NDArray> potentialGradient = potentialGradient(context);
        NDArray phi = context.phi();
        NDArray noise = context.sampleNoise();
        NDArray samples = context.solve(context.perturb(phi, noise, sigma));
        return context.emit(samples, outputGradient -> {
            int[] eventAxes = IntStream.range(3, samples.getShape().dimension()).toArray();
            NDArray payoff = samples.mul(outputGradient).sum(eventAxes, true);
            // DJL's PyTorch mean reduces one axis at a time: M, then S.
            NDArray estimate = potentialGradient.apply(noise).mul(payoff).mean(new int[] {2}).mean(new int[] {1});
            estimate = estimate.div(Scalars.of(estimate, sigma));
            if (context.reporting()) {
                context.report("nonZeroFraction", estimate.countNonzero().getLong() / (double) estimate.size());
            }
            return estimate;
        });
    }

    /** ∇ν of the layer's noise; the layer's {@code build()} checked {@link #requirements()}, so it has one. */
    private static UnaryOperator<NDArray> potentialGradient(EstimatorContext context) {
        NoiseSampler noise = context.settings().noise();
        return noise.potentialGradient().orElseThrow(() -> new IllegalStateException(context.layer()
                + ": the perturbed-optimizer estimator needs the potential gradient of the noise density, but the "
                + "layer's noise " + noise + " has none"));
    }

    /**
     * Noise whose density's potential gradient is known ({@link NoiseSampler#kindsWithPotentialGradient()}: Gaussian
     * and Gumbel), which it integrates by parts against, with a positive temperature σ, which it divides by.
     *
     * @return any solver structure; noise with a potential gradient and σ &gt; 0
     */
    @Override
    public EstimatorRequirements requirements() {
        return EstimatorRequirements.noise("integrates by parts against the density of the noise σ·Z, which it "
                + "knows for Gaussian and Gumbel Z and σ > 0",
                NoiseSampler.kindsWithPotentialGradient().toArray(Noise[]::new));
    }

    @Override
    public String toString() {
        return "perturbed optimizer";
    }
}
