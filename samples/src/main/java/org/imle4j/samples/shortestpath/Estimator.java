package org.imle4j.samples.shortestpath;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.solvers.GridShortestPathLayer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The gradient estimators compared on the maps, each a Dijkstra layer with the command's settings. */
enum Estimator {
    /** Adaptive I-MLE, the layer's own estimator, with central differences. */
    AIMLE("AIMLE"),
    /** I-MLE with a fixed λ, forward differences. */
    IMLE("I-MLE"),
    /** Blackbox differentiation with interpolation step λ, no noise. */
    DBB("DBB"),
    /** Straight-through over perturb-and-MAP samples. */
    STE("STE"),
    /** The perturbed optimizer of Berthet et al., with Gaussian noise. */
    PO("PO");

    private final String label;

    Estimator(String label) {
        this.label = label;
    }

    /** The name in tables and plots. */
    String label() {
        return label;
    }

    /** The option value that selects this estimator. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A vertex-weighted Dijkstra layer (MINIMIZE) trained by this estimator: S samples of Sum-of-Gamma noise
     * ({@code k = sumOfGammaK}, temperature τ), or Gaussian noise of scale τ for the perturbed optimizer; the mean of
     * the samples as output.
     */
    GridShortestPathLayer layer(int samples, double lambda, double temperature, double sumOfGammaK,
            double targetNorm) {
        GridShortestPathLayer.Builder builder = GridShortestPathLayer.builder().optSamples(samples)
                .optNoiseTemperature(temperature).optTargetNoiseTemperature(temperature)
                .optSumOfGammaK(sumOfGammaK).optOutput(Output.MEAN);
        switch (this) {
            case AIMLE -> builder.optDifference(Difference.CENTRAL).optTargetNorm(targetNorm);
            case IMLE -> builder.optEstimator(() -> Estimators.imle(lambda));
            case DBB -> builder.optEstimator(() -> Estimators.blackbox(lambda)).optSamples(1);
            case STE -> builder.optEstimator(Estimators::ste);
            case PO -> builder.optEstimator(Estimators::perturbedOptimizer).optNoise(Noise.GAUSSIAN);
        }
        return builder.build();
    }

    /** Parses {@code aimle}, {@code imle}, … for picocli, in any case. */
    static final class Converter implements ITypeConverter<Estimator> {
        @Override
        public Estimator convert(String value) {
            for (Estimator estimator : values()) {
                if (estimator.key().equalsIgnoreCase(value.strip())) {
                    return estimator;
                }
            }
            throw new TypeConversionException("unknown estimator '" + value + "'; choose from "
                    + Arrays.stream(values()).map(Estimator::key).collect(Collectors.joining(", ")));
        }
    }
}
