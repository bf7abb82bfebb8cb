package org.imle4j.samples.fidelity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.function.Supplier;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.ExponentialFamily;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.estimator.ScoreFunctionEstimator;
import org.imle4j.runtime.solvers.BatchTopKLayer;

/**
 * One estimator of {@code ∇_θ E[‖z − b‖²]} in the gradient-fidelity experiment, and how it computes one estimate
 * from S samples at a given θ. Every estimate starts from a fresh estimator, so that stateful ones (adaptive I-MLE's
 * β, the moving-average baseline) see only the warm-up calls on the same θ.
 *
 * @param name the row label, e.g. {@code I-MLE central λ=0.1}
 * @param family the estimator without its λ, e.g. {@code I-MLE central}: the series of the λ plot
 * @param lambda I-MLE's λ, or NaN for the others
 * @param minimumSamples the smallest S the estimator works with
 * @param estimator computes one estimate
 */
record Candidate(String name, String family, double lambda, int minimumSamples, Estimate estimator) {

    /** Computes one gradient estimate for a problem from S samples. */
    @FunctionalInterface
    interface Estimate {
        /**
         * @param manager where temporary arrays live; each call closes what it creates
         * @param problem θ and b
         * @param samples S
         * @return the estimate, n entries
         */
        double[] estimate(NDManager manager, FidelityProblem problem, int samples);
    }

    /** How the perturb-and-MAP estimators perturb θ. */
    record Perturbation(int k, Noise noise) {
        SolverLayer layer(int samples, Difference difference, GradientEstimator estimator) {
            return BatchTopKLayer.builder().setK(k).optSamples(samples).optNoise(noise).optSumOfGammaK(k)
                    .optDifference(difference).optOutput(Output.SAMPLES).optEstimator(() -> estimator).build();
        }
    }

    /** I-MLE with a fixed λ and the given difference scheme. */
    static Candidate imle(Perturbation perturbation, Difference difference, double lambda) {
        String family = "I-MLE " + differenceName(difference);
        return new Candidate(family + " λ=" + formatLambda(lambda), family, lambda, 1,
                (manager, problem, samples) -> layerGradient(
                        perturbation.layer(samples, difference, Estimators.imle(lambda)), manager, problem, 0));
    }

    /**
     * Adaptive I-MLE from β₀ = 0 with β step 1e-3 and target norm 1, after {@code warmUp} backward passes on the
     * same θ that let β adapt.
     */
    static Candidate aimle(Perturbation perturbation, Difference difference, int warmUp) {
        String name = "AIMLE " + differenceName(difference);
        return new Candidate(name, name, Double.NaN, 1,
                (manager, problem, samples) -> layerGradient(
                        perturbation.layer(samples, difference, Estimators.aimle(0.0, 1e-3, 1.0)),
                        manager, problem, warmUp));
    }

    /** Straight-through over perturb-and-MAP samples. */
    static Candidate straightThrough(Perturbation perturbation) {
        return new Candidate("STE", "STE", Double.NaN, 1,
                (manager, problem, samples) -> layerGradient(
                        perturbation.layer(samples, Difference.FORWARD, Estimators.ste()), manager, problem, 0));
    }

    /**
     * The score-function estimator with exact draws from the k-subset family, its exact marginals and the true loss
     * of each draw as reward. A stateful baseline first sees {@code warmUp} estimates on the same θ.
     */
    static Candidate scoreFunction(int k, String baselineName, Supplier<Baseline> baseline, int minimumSamples,
            int warmUp) {
        String name = "SFE " + baselineName;
        ExponentialFamily family = ExponentialFamily.kSubset(k);
        return new Candidate(name, name, Double.NaN, minimumSamples, (manager, problem, samples) -> {
            Baseline fresh = baseline.get();
            try (NDManager scope = manager.newSubManager()) {
                NDArray phi = row(scope, problem.theta());
                NDArray b = row(scope, problem.b()).expandDims(1);
                NDArray estimate = null;
                for (int call = 0; call <= warmUp; call++) {
                    NDArray draws = family.sample(phi, samples);
                    NDArray rewards = draws.sub(b).square().sum(new int[] {2});
                    estimate = ScoreFunctionEstimator.estimate(family, phi, draws, rewards, fresh);
                }
                return doubles(estimate);
            }
        });
    }

    /**
     * dL/dθ of {@code L = Σ_s ‖z_s − b‖²} over the layer's S samples, each sample with its own
     * {@code dL/dz_s = 2(z_s − b)}; the runtime averages the per-sample estimates. The first {@code warmUp} backward
     * passes only update the estimator's state.
     */
    private static double[] layerGradient(SolverLayer layer, NDManager manager, FidelityProblem problem,
            int warmUp) {
        double[] gradient = null;
        for (int call = 0; call <= warmUp; call++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray theta = row(scope, problem.theta());
                theta.setRequiresGradient(true);
                NDArray b = row(scope, problem.b());
                try (GradientCollector collector = ImleGradientCollector.open()) {
                    NDArray z = layer.forward(new ParameterStore(scope, false), new NDList(theta), true)
                            .singletonOrThrow();
                    collector.backward(z.sub(b).square().sum());
                }
                if (call == warmUp) {
                    gradient = doubles(theta.getGradient());
                }
            }
        }
        return gradient;
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

    private static String differenceName(Difference difference) {
        return difference == Difference.CENTRAL ? "central" : "forward";
    }

    static String formatLambda(double lambda) {
        return lambda == Math.rint(lambda) ? String.valueOf((long) lambda) : String.valueOf(lambda);
    }
}
