package org.imle4j.samples.aspect;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.samples.harness.ConcreteSubsetEstimator;
import org.imle4j.samples.harness.EstimatorChoice;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The ways the explainer's k-subset layer is trained: four estimators of the harness and L2X's own relaxation, which
 * the harness does not offer ({@link ConcreteSubsetEstimator}).
 */
enum SubsetMethod {
    /** Adaptive I-MLE, central differences. */
    AIMLE(EstimatorChoice.AIMLE),
    /** I-MLE with a fixed λ, forward differences. */
    IMLE(EstimatorChoice.IMLE),
    /** Relaxed top-k (Xie and Ermon 2019; "SoftSub" in the stochastic softmax tricks paper), standard Gumbel noise. */
    RELAXED(EstimatorChoice.RELAXED),
    /** Straight-through over the perturb-and-MAP samples. */
    STE(EstimatorChoice.STE),
    /** L2X's k Concrete samples combined by their maximum, standard Gumbel noise. */
    L2X(null);

    private final EstimatorChoice estimator;

    SubsetMethod(EstimatorChoice estimator) {
        this.estimator = estimator;
    }

    /** {@return the option value: the name in lower case} */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return the name in tables and in the JSON record} */
    String label() {
        return estimator == null ? "L2X Concrete" : estimator.label();
    }

    /**
     * Sets this method's estimator on the top-k layer's builder, after the command's own settings.
     *
     * @param <B> the generated layer's builder
     * @param builder the builder
     * @param settings λ, temperature, k and AIMLE's parameters
     * @return {@code builder}
     */
    <B extends SolverLayer.Builder<B>> B configure(B builder, EstimatorChoice.Settings settings) {
        if (estimator != null) {
            return estimator.configure(builder, settings);
        }
        // L2X's sampler draws standard Gumbel noise of its own scale, whatever the command's noise.
        return ConcreteSubsetEstimator.configure(builder, settings.k(), settings.temperature());
    }

    /** Parses {@link #key()} in any case. */
    static final class Converter implements ITypeConverter<SubsetMethod> {
        @Override
        public SubsetMethod convert(String value) {
            for (SubsetMethod method : values()) {
                if (method.key().equalsIgnoreCase(value.strip())) {
                    return method;
                }
            }
            throw new TypeConversionException("unknown method '" + value + "'; choose from "
                    + Arrays.stream(values()).map(SubsetMethod::key).collect(Collectors.joining(", ")));
        }
    }
}
