package org.imle4j.samples.harness;

import picocli.CommandLine.Option;

/**
 * The parameters of the estimators that a command sweeps, as a picocli {@code @Mixin}: λ of I-MLE and DBB, and
 * adaptive I-MLE's β₀, β step and target norm, with the defaults each command gives its instance; they become the
 * {@link EstimatorChoice.Settings} of its layers.
 */
public final class EstimatorOptions {
    @Option(names = "--lambda", description = "λ of I-MLE and DBB (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--initial-beta", description = "Initial β of AIMLE (default: ${DEFAULT-VALUE}).")
    double initialBeta;

    @Option(names = "--beta-step", description = "β step of AIMLE (default: ${DEFAULT-VALUE}).")
    double betaStep;

    @Option(names = "--target-norm", description = "AIMLE's target number of non-zero entries per gradient "
            + "estimate (default: ${DEFAULT-VALUE}).")
    double targetNorm;

    /**
     * Creates the options with a command's defaults; picocli overwrites what the command line gives.
     *
     * @param lambda the default λ
     * @param initialBeta the default β₀
     * @param betaStep the default β step
     * @param targetNorm the default target norm
     */
    public EstimatorOptions(double lambda, double initialBeta, double betaStep, double targetNorm) {
        this.lambda = lambda;
        this.initialBeta = initialBeta;
        this.betaStep = betaStep;
        this.targetNorm = targetNorm;
    }

    /**
     * Checks the values: λ positive and finite, β₀, β step and target norm non-negative and finite.
     *
     * @param common the command's shared options, which raise the error
     * @throws picocli.CommandLine.ParameterException if a value is out of range
     */
    public void validate(CommonOptions common) {
        common.requirePositive("--lambda", lambda);
        common.requireNonNegative("--initial-beta", initialBeta);
        common.requireNonNegative("--beta-step", betaStep);
        common.requireNonNegative("--target-norm", targetNorm);
    }

    /**
     * The settings of these options, with the defaults' relaxation temperature and k.
     *
     * @return the settings
     */
    public EstimatorChoice.Settings settings() {
        return EstimatorChoice.Settings.defaults().withLambda(lambda).withAimle(initialBeta, betaStep, targetNorm);
    }
}
