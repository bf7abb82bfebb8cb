package org.imle4j.samples.harness;

import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.runtime.estimator.ExponentialFamily;
import org.imle4j.runtime.estimator.ScoreFunctionEstimator;
import org.imle4j.runtime.exact.KSubsets;
import org.imle4j.runtime.exact.PlackettLuceTopK;
import org.imle4j.runtime.solvers.BatchTopKLayer;

/**
 * The gradients of the top-k synthetic of the I-MLE papers, estimated and exact: a k-subset z of n items, the loss
 * {@code L(z) = ‖z − b‖²}, and the gradient {@code ∇_θ E[L(z)]} of its expectation over z drawn from θ.
 *
 * <p>An estimate comes from one forward pass of θ (one example) through a top-k layer that returns its S samples
 * ({@link #layer}) and one backward pass of {@code Σ_s ‖z_s − b‖²}: each sample gets {@code dL/dz_s = 2(z_s − b)}, and
 * every estimator averages its per-sample estimates. The references are exact, by enumeration
 * ({@link KSubsets}, {@link PlackettLuceTopK}): the gradient under the k-subset family
 * {@code p(z; θ) ∝ exp⟨z, θ⟩}, and the one under the law Gumbel perturb-and-MAP samples, the first k items of a
 * Plackett–Luce draw. The probe owns the native memory of its passes; close it when done.
 */
public final class GradientProbe implements AutoCloseable {
    private final int k;
    private final KSubsets subsets;
    private final NDManager manager = NDManager.newBaseManager();

    /**
     * A probe of k-subsets of n items.
     *
     * @param n the number of items
     * @param k the number of items chosen
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ n ≤ 30} and there are at most 10⁷ subsets
     */
    public GradientProbe(int n, int k) {
        this.k = k;
        this.subsets = KSubsets.of(n, k);
    }

    /**
     * A batch top-k layer of this probe's k that returns its samples, ready for the estimator's settings.
     *
     * @param samples S, the samples per forward pass
     * @param noise the perturbation; Sum-of-Gamma noise uses k = the subset size
     * @return the builder, with k, S, the noise and {@link Output#SAMPLES} set
     */
    public BatchTopKLayer.Builder layer(int samples, Noise noise) {
        return BatchTopKLayer.builder().setK(k).optSamples(samples).optNoise(noise).optSumOfGammaK(k)
                .optOutput(Output.SAMPLES);
    }

    /**
     * The layer's estimate of {@code ∇_θ E‖z − b‖²} from one forward and backward pass.
     *
     * @param layer a layer of {@link #layer}, or any layer returning S samples {@code [S, n]} for one example
     * @param theta θ, n entries
     * @param b the target, n entries
     * @return the estimate, n entries
     */
    public double[] gradient(SolverLayer layer, double[] theta, double[] b) {
        return pass(layer, theta, b, null);
    }

    /**
     * An estimate and the λ the layer's estimator used for it.
     *
     * @param gradient the estimate, n entries
     * @param lambda the mean λ the estimator reported for the pass (I-MLE's fixed λ, or adaptive I-MLE's
     *     {@code β·‖θ‖/‖dL/dz‖}); NaN for an estimator that reports none
     */
    public record LayerEstimate(double[] gradient, double lambda) {}

    /**
     * The layer's estimate after {@code warmUp} passes on the same θ that only update the estimator's state, with
     * the λ its estimator used in the last pass: where adaptive I-MLE's controller has brought λ.
     *
     * @param layer a fresh layer, see {@link #gradient(SolverLayer, double[], double[])}
     * @param theta θ, n entries
     * @param b the target, n entries
     * @param warmUp the passes before the one returned, at least 0
     * @return the estimate of the last pass and its λ
     */
    public LayerEstimate estimate(SolverLayer layer, double[] theta, double[] b, int warmUp) {
        for (int pass = 0; pass < warmUp; pass++) {
            gradient(layer, theta, b);
        }
        Metrics metrics = new Metrics();
        double[] gradient = pass(layer, theta, b, metrics);
        double lambda = metrics.getMetricNames().stream().filter(name -> name.endsWith(".lambda")).findFirst()
                .map(name -> metrics.latestMetric(name).getValue()).orElse(Double.NaN);
        return new LayerEstimate(gradient, lambda);
    }

    /** One forward and backward pass; the layers' estimators record their diagnostics in {@code metrics}, if any. */
    private double[] pass(SolverLayer layer, double[] theta, double[] b, Metrics metrics) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray thetaRow = row(scope, theta);
            thetaRow.setRequiresGradient(true);
            try (GradientCollector collector = metrics == null ? ImleGradientCollector.open()
                    : ImleGradientCollector.wrap(Engine.getInstance().newGradientCollector(), metrics)) {
                NDArray z = layer.forward(new ParameterStore(scope, false), new NDList(thetaRow), true)
                        .singletonOrThrow();
                collector.backward(z.sub(row(scope, b)).square().sum());
            }
            return doubles(thetaRow.getGradient());
        }
    }

    /**
     * The layer's estimate after {@code warmUp} passes on the same θ that only update the estimator's state
     * (adaptive I-MLE's β).
     *
     * @param layer a fresh layer, see {@link #gradient(SolverLayer, double[], double[])}
     * @param theta θ, n entries
     * @param b the target, n entries
     * @param warmUp the passes before the one returned, at least 0
     * @return the estimate of the last pass, n entries
     */
    public double[] gradient(SolverLayer layer, double[] theta, double[] b, int warmUp) {
        for (int pass = 0; pass < warmUp; pass++) {
            gradient(layer, theta, b);
        }
        return gradient(layer, theta, b);
    }

    /**
     * The score-function estimate from S exact draws of the k-subset family, each rewarded with its true loss
     * {@code ‖z_s − b‖²}; a stateful baseline first sees {@code warmUp} estimates on the same θ. The self-critical
     * baseline gets the true loss of {@code top-k(θ)}.
     *
     * @param baseline the baseline, fresh, or already warmed up on the same θ
     * @param theta θ, n entries
     * @param b the target, n entries
     * @param samples S, as many as the baseline needs
     * @param warmUp the estimates before the one returned, at least 0
     * @return the estimate, n entries
     */
    public double[] scoreFunctionGradient(Baseline baseline, double[] theta, double[] b, int samples, int warmUp) {
        ExponentialFamily family = ExponentialFamily.kSubset(k);
        try (NDManager scope = manager.newSubManager()) {
            NDArray phi = row(scope, theta);
            NDArray target = row(scope, b).expandDims(1);
            NDArray mapRewards = scope.create(new float[] {(float) mapLoss(theta, b)}, new Shape(1, 1));
            NDArray estimate = null;
            for (int pass = 0; pass <= warmUp; pass++) {
                NDArray draws = family.sample(phi, samples);
                NDArray rewards = draws.sub(target).square().sum(new int[] {2});
                estimate = ScoreFunctionEstimator.estimate(family, phi, draws, rewards, mapRewards, baseline);
            }
            return doubles(estimate);
        }
    }

    /**
     * The exact {@code ∇_θ E_p‖z − b‖²} under the k-subset family.
     *
     * @param theta θ, n entries
     * @param b the target, n entries
     * @return the gradient, n entries
     */
    public double[] exactGradient(double[] theta, double[] b) {
        return subsets.gradientOfExpectation(theta, subsets.squaredDistances(b));
    }

    /**
     * The exact {@code ∇_θ E‖z − b‖²} for {@code z = top-k(θ + ε)}, ε Gumbel noise: the limit of the I-MLE estimates
     * with Gumbel noise as λ → 0 and S → ∞.
     *
     * @param theta θ, at most {@value PlackettLuceTopK#MAX_ITEMS} entries
     * @param b the target, as many entries
     * @return the gradient, n entries
     * @throws IllegalArgumentException if n is above {@value PlackettLuceTopK#MAX_ITEMS}
     */
    public double[] plackettLuceGradient(double[] theta, double[] b) {
        // On k-subsets ‖z − b‖² = Σ_{i∈z} (1 − 2b_i) + ‖b‖², linear in z.
        double[] c = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            c[i] = 1 - 2 * b[i];
        }
        return PlackettLuceTopK.gradientOfLinear(theta, k, c);
    }

    /**
     * The optimality gap {@code E_p‖z − b‖² − min_z ‖z − b‖²} of the k-subset family at θ.
     *
     * @param theta θ, n entries
     * @param b the target, n entries
     * @return the gap, at least 0 up to rounding
     */
    public double expectedGap(double[] theta, double[] b) {
        double[] losses = subsets.squaredDistances(b);
        return subsets.expectation(theta, losses) - KSubsets.minimum(losses);
    }

    /**
     * The optimality gap of the MAP solution, {@code ‖top-k(θ) − b‖² − min_z ‖z − b‖²}; among equal scores the
     * lower index is chosen first.
     *
     * @param theta θ, n entries
     * @param b the target, n entries
     * @return the gap, 0 when the top-k of θ is a best subset
     */
    public double mapGap(double[] theta, double[] b) {
        return mapLoss(theta, b) - KSubsets.minimum(subsets.squaredDistances(b));
    }

    /** {@code ‖top-k(θ) − b‖²}; among equal scores the lower index is chosen first. */
    private double mapLoss(double[] theta, double[] b) {
        Integer[] order = new Integer[theta.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // A stable sort: equal scores keep the lower index first.
        Arrays.sort(order, (x, y) -> Double.compare(theta[y], theta[x]));
        double loss = 0;
        for (int rank = 0; rank < theta.length; rank++) {
            double zi = rank < k ? 1 : 0;
            loss += (zi - b[order[rank]]) * (zi - b[order[rank]]);
        }
        return loss;
    }

    /**
     * The cosine of the angle between two vectors; 0 when either is all zero, as such an estimate carries no
     * direction.
     *
     * @param a a vector
     * @param b a vector of as many entries
     * @return the cosine, in {@code [−1, 1]}
     */
    public static double cosine(double[] a, double[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.sqrt(aa * bb);
    }

    /** Frees the native memory of the probe's passes. */
    @Override
    public void close() {
        manager.close();
    }

    private static NDArray row(NDManager manager, double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return manager.create(floats, new Shape(1, values.length));
    }

    private static double[] doubles(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
