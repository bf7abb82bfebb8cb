package org.imle4j.samples.harness;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.ExponentialFamily;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The gradient estimators an experiment can train a solver layer with: each configures the builder of any generated
 * layer (every one extends {@link SolverLayer.Builder}) with its estimator, difference scheme and the noise it needs,
 * from the experiment's {@link Settings}; the command sets everything else (samples, noise temperature, output)
 * before. Chosen on the command line by {@link #key()} through {@link Converter}, named in tables by
 * {@link #label()}.
 */
public enum EstimatorChoice {
    /** Adaptive I-MLE (Minervini et al., AAAI 2023), central differences. */
    AIMLE("AIMLE"),
    /** Adaptive I-MLE, forward differences. */
    AIMLE_FORWARD("AIMLE forward"),
    /** I-MLE (Niepert et al., NeurIPS 2021) with the fixed λ of the settings, forward differences. */
    IMLE("I-MLE"),
    /** I-MLE with the fixed λ of the settings, central differences. */
    IMLE_CENTRAL("I-MLE central"),
    /** Blackbox differentiation (Vlastelica et al., ICLR 2020) with interpolation step λ. */
    DBB("DBB"),
    /** Straight-through over perturb-and-MAP samples. */
    STE("STE"),
    /** The perturbed optimizer of Berthet et al. (2020), with Gaussian noise. */
    PO("PO"),
    /** The score-function estimator with a leave-one-out baseline, on the k-subset family (top-k layers). */
    SFE("SFE leave-one-out"),
    /** Gumbel-softmax (Jang et al., 2017) at the settings' temperature, for one-hot layers; Gumbel noise. */
    GUMBEL_SOFTMAX("Gumbel-softmax"),
    /** Relaxed top-k (Xie and Ermon, 2019) at the settings' temperature, for top-k layers; standard Gumbel noise. */
    RELAXED("relaxed top-k"),
    /**
     * The stochastic softmax trick for spanning trees (Paulus et al., 2020) at the settings' temperature, for
     * spanning-tree layers; standard Gumbel noise.
     */
    SST_SPANNING_TREE("SST spanning tree"),
    /**
     * Hard Concrete gates (Louizos et al., ICLR 2018) with the paper's β = 2/3, γ = −0.1, ζ = 1.1, for
     * independent-bits layers; the gates draw their own logistic noise.
     */
    HARD_CONCRETE("Hard Concrete"),
    /**
     * Gaussian-sparsemax (Farinhas et al., ICLR 2022) at the settings' temperature, for one-hot layers; standard
     * Gaussian noise.
     */
    GAUSSIAN_SPARSEMAX("Gaussian-sparsemax"),
    /**
     * SparseMAP (Niculae et al., ICML 2018): the projection of θ onto the convex hull of the solver's solutions, found
     * with the solver alone and differentiated exactly; deterministic, so noise and samples play no part.
     */
    SPARSEMAP("SparseMAP");

    private final String label;

    EstimatorChoice(String label) {
        this.label = label;
    }

    /** {@return the option value that selects this estimator: its name in lower case, dashes for underscores} */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@return the name in tables, plots and JSON results} */
    public String label() {
        return label;
    }

    /**
     * The name with the parameter that sets this estimator apart when a command sweeps it, e.g. {@code I-MLE λ=100}
     * or {@code relaxed top-k t=0.1}; the plain {@link #label()} for estimators without one.
     *
     * @param settings the parameters the estimator is configured with
     * @return the label
     */
    public String label(Settings settings) {
        return switch (this) {
            case IMLE, IMLE_CENTRAL, DBB -> label + " λ=" + format(settings.lambda());
            case GUMBEL_SOFTMAX, RELAXED, SST_SPANNING_TREE, GAUSSIAN_SPARSEMAX ->
                    label + " t=" + format(settings.temperature());
            default -> label;
        };
    }

    /**
     * Sets this estimator on a layer's builder; call it after the command's own settings, since it overrides the
     * difference scheme, and for PO, Gumbel-softmax, relaxed top-k, the spanning-tree SST and Gaussian-sparsemax the
     * noise they are derived for.
     *
     * @param <B> the generated layer's builder
     * @param builder the builder
     * @param settings λ, temperature, k and adaptive I-MLE's parameters
     * @return {@code builder}
     */
    public <B extends SolverLayer.Builder<B>> B configure(B builder, Settings settings) {
        return switch (this) {
            case AIMLE, AIMLE_FORWARD -> builder.optDifference(this == AIMLE ? Difference.CENTRAL : Difference.FORWARD)
                    .optEstimator(() -> Estimators.aimle(settings.initialBeta(), settings.betaUpdateStep(),
                            settings.targetNorm()));
            case IMLE, IMLE_CENTRAL -> builder.optDifference(this == IMLE ? Difference.FORWARD : Difference.CENTRAL)
                    .optEstimator(() -> Estimators.imle(settings.lambda()));
            case DBB -> builder.optDifference(Difference.FORWARD).optEstimator(() -> Estimators.blackbox(settings.lambda()));
            case STE -> builder.optDifference(Difference.FORWARD).optEstimator(Estimators::ste);
            case PO -> builder.optDifference(Difference.FORWARD).optNoise(Noise.GAUSSIAN)
                    .optEstimator(Estimators::perturbedOptimizer);
            case SFE -> builder.optDifference(Difference.FORWARD).optEstimator(() -> Estimators.scoreFunction(
                    ExponentialFamily.kSubset(settings.k()), Baseline.leaveOneOut()));
            // The relaxations assume standard Gumbel noise: its own scale, whatever the command's temperature.
            case GUMBEL_SOFTMAX -> builder.optDifference(Difference.FORWARD).optNoise(Noise.GUMBEL)
                    .optNoiseTemperature(1).optTargetNoiseTemperature(1)
                    .optEstimator(() -> Estimators.gumbelSoftmax(settings.temperature()));
            case RELAXED -> builder.optDifference(Difference.FORWARD).optNoise(Noise.GUMBEL)
                    .optNoiseTemperature(1).optTargetNoiseTemperature(1)
                    .optEstimator(() -> Estimators.relaxedTopK(settings.k(), settings.temperature()));
            case SST_SPANNING_TREE -> builder.optDifference(Difference.FORWARD).optNoise(Noise.GUMBEL)
                    .optNoiseTemperature(1).optTargetNoiseTemperature(1)
                    .optEstimator(() -> Estimators.sstSpanningTree(settings.temperature()));
            case HARD_CONCRETE -> builder.optDifference(Difference.FORWARD).optEstimator(Estimators::hardConcrete);
            case GAUSSIAN_SPARSEMAX -> builder.optDifference(Difference.FORWARD).optNoise(Noise.GAUSSIAN)
                    .optNoiseTemperature(1).optTargetNoiseTemperature(1)
                    .optEstimator(() -> Estimators.gaussianSparsemax(settings.temperature()));
            case SPARSEMAP -> builder.optDifference(Difference.FORWARD).optEstimator(Estimators::sparseMap);
        };
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /**
     * The parameters of the estimators; each estimator reads the ones it needs.
     *
     * @param lambda λ of I-MLE and DBB, positive
     * @param temperature the relaxation temperature of Gumbel-softmax, relaxed top-k, the spanning-tree SST and
     *     Gaussian-sparsemax, positive
     * @param k the subset size of relaxed top-k and SFE's k-subset family
     * @param initialBeta adaptive I-MLE's β₀
     * @param betaUpdateStep adaptive I-MLE's β step
     * @param targetNorm adaptive I-MLE's target number of non-zero gradient entries per estimate
     */
    public record Settings(double lambda, double temperature, int k, double initialBeta, double betaUpdateStep,
            double targetNorm) {
        /**
         * The defaults: λ = 10, temperature 1, k = 1, and adaptive I-MLE's reference β₀ = 1, β step 1e-4 and target
         * norm 1 (those of {@code @AimleLayer}).
         *
         * @return the default settings
         */
        public static Settings defaults() {
            return new Settings(10, 1, 1, 1.0, 1e-4, 1.0);
        }

        /**
         * These settings with another λ.
         *
         * @param value λ of I-MLE and DBB
         * @return new settings
         */
        public Settings withLambda(double value) {
            return new Settings(value, temperature, k, initialBeta, betaUpdateStep, targetNorm);
        }

        /**
         * These settings with another relaxation temperature and subset size.
         *
         * @param value the temperature of Gumbel-softmax, relaxed top-k and the spanning-tree SST
         * @param subset k of relaxed top-k and SFE
         * @return new settings
         */
        public Settings withRelaxation(double value, int subset) {
            return new Settings(lambda, value, subset, initialBeta, betaUpdateStep, targetNorm);
        }

        /**
         * These settings with other parameters of adaptive I-MLE.
         *
         * @param beta β₀
         * @param step the β step
         * @param norm the target number of non-zero gradient entries per estimate
         * @return new settings
         */
        public Settings withAimle(double beta, double step, double norm) {
            return new Settings(lambda, temperature, k, beta, step, norm);
        }
    }

    /** Parses {@link #key()} (or the constant's name, e.g. {@code RELAXED}) for picocli, in any case. */
    public static final class Converter implements ITypeConverter<EstimatorChoice> {
        /** Creates the converter; picocli calls it. */
        public Converter() {}

        /**
         * Finds the estimator of an option value.
         *
         * @param value e.g. {@code aimle} or {@code AIMLE}
         * @return the estimator
         * @throws TypeConversionException naming the value and the keys, if none matches
         */
        @Override
        public EstimatorChoice convert(String value) {
            String wanted = value.strip().replace('_', '-');
            for (EstimatorChoice choice : values()) {
                if (choice.key().equalsIgnoreCase(wanted)) {
                    return choice;
                }
            }
            throw new TypeConversionException("unknown estimator '" + value + "'; choose from "
                    + Arrays.stream(values()).map(EstimatorChoice::key).collect(Collectors.joining(", ")));
        }
    }
}
