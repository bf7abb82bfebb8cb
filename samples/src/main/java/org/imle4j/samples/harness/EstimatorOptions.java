package org.imle4j.samples.harness;

import picocli.CommandLine.Option;

/**
 * The parameters of the estimators that a command sweeps, as a picocli {@code @Mixin}: samples S per example, λ of
 * I-MLE and DBB, and adaptive I-MLE's β₀, β step and target norm, with the defaults each command gives its instance;
 * the last four become the {@link EstimatorChoice.Settings} of its layers.
 */
public final class EstimatorOptions {
    /** The samples S per example ({@code --samples}). */
    @Option(names = "--samples", description = "Perturbed samples S per example (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) public int samples;

    @Option(names = "--lambda", description = "λ of I-MLE and DBB (default: ${DEFAULT-VALUE}).")
    @Range.Positive double lambda;

    @Option(names = "--initial-beta", description = "Initial β of AIMLE (default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double initialBeta;

    @Option(names = "--beta-step", description = "β step of AIMLE (default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double betaStep;

    @Option(names = "--target-norm", description = "AIMLE's target number of non-zero entries per gradient "
            + "estimate (default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double targetNorm;

    /**
     * Creates the options with a command's defaults; picocli overwrites what the command line gives.
     *
     * @param samples the default S
     * @param lambda the default λ
     * @param initialBeta the default β₀
     * @param betaStep the default β step
     * @param targetNorm the default target norm
     */
    public EstimatorOptions(int samples, double lambda, double initialBeta, double betaStep, double targetNorm) {
        this.samples = samples;
        this.lambda = lambda;
        this.initialBeta = initialBeta;
        this.betaStep = betaStep;
        this.targetNorm = targetNorm;
    }

    /** {@return the settings of these options, with the defaults' relaxation temperature and k} */
    public EstimatorChoice.Settings settings() {
        return EstimatorChoice.Settings.defaults().withLambda(lambda).withAimle(initialBeta, betaStep, targetNorm);
    }
}
