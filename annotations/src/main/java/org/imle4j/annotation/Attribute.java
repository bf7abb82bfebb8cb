package org.imle4j.annotation;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * Every attribute of {@link ImleLayer} and {@link AimleLayer}, with its default and its allowed range, written once:
 * the annotations take their defaults from here, the generated builders' {@code optX} methods start from the same
 * defaults and check the same ranges in {@code build()}, the estimator factories use the same defaults, and the
 * annotation processor refuses an attribute out of range at compile time with the same wording.
 *
 * <p>An annotation's default must be a constant expression, so the annotations read the numeric and text defaults
 * from constants of this class; an enum attribute's default can only be written as the enum constant itself, so a test
 * ties each annotation's defaults to {@link #defaultValue()}.
 */
public enum Attribute {
    /** The simple name of the generated class; empty for {@code <CapitalisedMethodName>Layer}. */
    NAME("name", String.class, Defaults.NAME, Range.ANY, Layers.BOTH),
    /** The number S of perturbed samples per instance. */
    SAMPLES("samples", int.class, Defaults.SAMPLES, Range.AT_LEAST_ONE, Layers.BOTH),
    /** The number M of marginal samples averaged per perturbed sample. */
    MARGINAL_SAMPLES("marginalSamples", int.class, Defaults.MARGINAL_SAMPLES, Range.AT_LEAST_ONE, Layers.BOTH),
    /** The distribution of the perturbation ε. */
    NOISE("noise", Noise.class, Noise.SUM_OF_GAMMA, Range.ANY, Layers.BOTH),
    /** The parameter k of Sum-of-Gamma noise. */
    SUM_OF_GAMMA_K("sumOfGammaK", double.class, Defaults.SUM_OF_GAMMA_K, Range.POSITIVE, Layers.BOTH),
    /** The number s of Gamma terms of Sum-of-Gamma noise. */
    SUM_OF_GAMMA_ITERATIONS("sumOfGammaIterations", int.class, Defaults.SUM_OF_GAMMA_ITERATIONS, Range.AT_LEAST_ONE,
            Layers.BOTH),
    /** The temperature τ of the noise added to θ. */
    NOISE_TEMPERATURE("noiseTemperature", double.class, Defaults.NOISE_TEMPERATURE, Range.NON_NEGATIVE,
            Layers.BOTH),
    /** The temperature τ' of the noise added to the target θ'. */
    TARGET_NOISE_TEMPERATURE("targetNoiseTemperature", double.class, Defaults.TARGET_NOISE_TEMPERATURE,
            Range.NON_NEGATIVE, Layers.BOTH),
    /** The finite-difference scheme. */
    DIFFERENCE("difference", Difference.class, Difference.FORWARD, Range.ANY, Layers.BOTH),
    /** Whether the solver maximises or minimises ⟨z, θ⟩. */
    OBJECTIVE("objective", Objective.class, Objective.MAXIMIZE, Range.ANY, Layers.BOTH),
    /** The set the solver's solutions come from. */
    STRUCTURE("structure", Structure.class, Structure.UNSPECIFIED, Range.ANY, Layers.BOTH),
    /** What the layer returns while training. */
    OUTPUT("output", Output.class, Output.SAMPLES, Range.ANY, Layers.BOTH),
    /** The time limit of one solver call over a batch, in milliseconds; 0 for none. */
    SOLVER_TIMEOUT_MILLIS("solverTimeoutMillis", int.class, Defaults.SOLVER_TIMEOUT_MILLIS, Range.AT_LEAST_ZERO,
            Layers.BOTH),
    /** I-MLE's step size λ of the target distribution. */
    LAMBDA("lambda", double.class, Defaults.LAMBDA, Range.POSITIVE, Layers.IMLE),
    /** I-MLE's scale α of θ in the target distribution. */
    ALPHA("alpha", double.class, Defaults.ALPHA, Range.FINITE, Layers.IMLE),
    /** Whether I-MLE's finite difference is divided by λ. */
    SCALE_GRADIENT("scaleGradient", boolean.class, Defaults.SCALE_GRADIENT, Range.ANY, Layers.IMLE),
    /** Adaptive I-MLE's scale α of θ in the target distribution. */
    INITIAL_ALPHA("initialAlpha", double.class, Defaults.INITIAL_ALPHA, Range.FINITE, Layers.AIMLE),
    /** Adaptive I-MLE's initial β of {@code λ = β·‖θ‖ / ‖dL/dz‖}. */
    INITIAL_BETA("initialBeta", double.class, Defaults.INITIAL_BETA, Range.NON_NEGATIVE, Layers.AIMLE),
    /** The step by which adaptive I-MLE's β moves after each backward pass. */
    BETA_UPDATE_STEP("betaUpdateStep", double.class, Defaults.BETA_UPDATE_STEP, Range.NON_NEGATIVE, Layers.AIMLE),
    /** The momentum μ of adaptive I-MLE's β updates. */
    BETA_UPDATE_MOMENTUM("betaUpdateMomentum", double.class, Defaults.BETA_UPDATE_MOMENTUM, Range.UNIT_INTERVAL,
            Layers.AIMLE),
    /** The decay ρ of adaptive I-MLE's moving average of the gradient sparsity. */
    GRAD_NORM_DECAY("gradNormDecay", double.class, Defaults.GRAD_NORM_DECAY, Range.UNIT_INTERVAL, Layers.AIMLE),
    /**
     * The value adaptive I-MLE's moving average of the gradient sparsity starts from, before the first backward pass;
     * the reference implementation's {@code initial_grad_norm}.
     */
    INITIAL_GRAD_NORM("initialGradNorm", double.class, Defaults.INITIAL_GRAD_NORM, Range.NON_NEGATIVE, Layers.AIMLE),
    /** The number of non-zero entries per gradient estimate that adaptive I-MLE steers towards. */
    TARGET_NORM("targetNorm", double.class, Defaults.TARGET_NORM, Range.NON_NEGATIVE, Layers.AIMLE);

    /** The defaults as constant expressions, for the annotations' {@code default} clauses. */
    static final class Defaults {
        static final String NAME = "";
        static final int SAMPLES = 1;
        static final int MARGINAL_SAMPLES = 1;
        static final double SUM_OF_GAMMA_K = 1.0;
        static final int SUM_OF_GAMMA_ITERATIONS = 10;
        static final double NOISE_TEMPERATURE = 1.0;
        static final double TARGET_NOISE_TEMPERATURE = 1.0;
        static final int SOLVER_TIMEOUT_MILLIS = 0;
        static final double LAMBDA = 1.0;
        static final double ALPHA = 1.0;
        static final boolean SCALE_GRADIENT = true;
        static final double INITIAL_ALPHA = 1.0;
        static final double INITIAL_BETA = 1.0;
        static final double BETA_UPDATE_STEP = 1e-4;
        static final double BETA_UPDATE_MOMENTUM = 0.0;
        static final double GRAD_NORM_DECAY = 0.9;
        static final double INITIAL_GRAD_NORM = 1.0;
        static final double TARGET_NORM = 1.0;

        private Defaults() {}
    }

    /** The values a numeric setting may take, with the words every message about it uses. */
    public enum Range {
        /** Any value of the attribute's type (enums, booleans, text). */
        ANY("any value", v -> true),
        /** An integer at least 1. */
        AT_LEAST_ONE("at least 1", v -> v >= 1),
        /** An integer at least 0. */
        AT_LEAST_ZERO("at least 0", v -> v >= 0),
        /** A number greater than 0 and finite. */
        POSITIVE("positive and finite", v -> v > 0 && Double.isFinite(v)),
        /** A number at least 0 and finite. */
        NON_NEGATIVE("non-negative and finite", v -> v >= 0 && Double.isFinite(v)),
        /** A number in {@code [0, 1)}. */
        UNIT_INTERVAL("in [0, 1)", v -> v >= 0 && v < 1),
        /** A probability greater than 0, in {@code (0, 1]}. */
        PROBABILITY("in (0, 1]", v -> v > 0 && v <= 1),
        /** A finite number. */
        FINITE("finite", Double::isFinite);

        private final String description;
        private final DoublePredicate accepts;

        Range(String description, DoublePredicate accepts) {
            this.description = description;
            this.accepts = accepts;
        }

        /**
         * Whether {@code value} is in this range; NaN is in none but {@link #ANY}.
         *
         * @param value the value, an integer one widened
         * @return whether the value is allowed
         */
        public boolean accepts(double value) {
            return accepts.test(value);
        }

        /**
         * The range in words, completing "must be", e.g. {@code in [0, 1)}.
         *
         * @return the description
         */
        public String description() {
            return description;
        }

        /**
         * The message about a value out of this range, the same wherever a setting is checked:
         * {@code <name> must be <description>, but was <value>}.
         *
         * @param name the setting, as its attribute or {@code optX} method names it
         * @param value the value given
         * @return the message
         */
        public String outOfRange(String name, Object value) {
            return name + " must be " + description + ", but was " + value;
        }

        /**
         * Fails unless {@code value} is in this range.
         *
         * @param name the setting, as its attribute or {@code optX} method names it
         * @param value the value given
         * @return {@code value}
         * @throws IllegalArgumentException with {@link #outOfRange} if it is not in the range
         */
        public double require(String name, double value) {
            if (!accepts(value)) {
                throw new IllegalArgumentException(outOfRange(name, value));
            }
            return value;
        }

        /**
         * Fails unless {@code value} is in this range.
         *
         * @param name the setting, as its attribute or {@code optX} method names it
         * @param value the value given
         * @return {@code value}
         * @throws IllegalArgumentException with {@link #outOfRange} if it is not in the range
         */
        public int require(String name, int value) {
            if (!accepts(value)) {
                throw new IllegalArgumentException(outOfRange(name, value));
            }
            return value;
        }
    }

    /** Which layer annotations declare an attribute. */
    private enum Layers {
        BOTH(ImleLayer.class, AimleLayer.class),
        IMLE(ImleLayer.class),
        AIMLE(AimleLayer.class);

        private final List<Class<? extends Annotation>> annotations;

        @SafeVarargs
        Layers(Class<? extends Annotation>... annotations) {
            this.annotations = List.of(annotations);
        }
    }

    private final String attributeName;
    private final Class<?> type;
    private final Object defaultValue;
    private final Range range;
    private final Layers layers;

    Attribute(String attributeName, Class<?> type, Object defaultValue, Range range, Layers layers) {
        this.attributeName = attributeName;
        this.type = type;
        this.defaultValue = defaultValue;
        this.range = range;
        this.layers = layers;
    }

    /**
     * The attribute of the given name.
     *
     * @param attributeName the name of an annotation element, e.g. {@code sumOfGammaK}
     * @return the attribute, or empty if no layer annotation has one of that name
     */
    public static Optional<Attribute> named(String attributeName) {
        for (Attribute attribute : values()) {
            if (attribute.attributeName.equals(attributeName)) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }

    /**
     * The attribute's name, as the annotation element and, capitalised, the builder's {@code optX} method spell it.
     *
     * @return the name, e.g. {@code sumOfGammaK}
     */
    public String attributeName() {
        return attributeName;
    }

    /**
     * The type of the annotation element.
     *
     * @return {@code int.class}, {@code double.class}, {@code boolean.class}, {@code String.class} or the enum
     */
    public Class<?> type() {
        return type;
    }

    /**
     * The default, boxed: the value of the annotation element when it is left out, and of the builder option when
     * it is not called.
     *
     * @return the default, of {@link #type()} (boxed for a primitive)
     */
    public Object defaultValue() {
        return defaultValue;
    }

    /**
     * The default as a value of a known type.
     *
     * @param <V> the type
     * @param boxed the boxed type, e.g. {@code Double.class} for a {@code double} attribute
     * @return the default
     * @throws ClassCastException if the default is not of that type
     */
    public <V> V defaultValue(Class<V> boxed) {
        return boxed.cast(defaultValue);
    }

    /**
     * The values the attribute may take.
     *
     * @return the range, {@link Range#ANY} for attributes that are not numbers
     */
    public Range range() {
        return range;
    }

    /**
     * The layer annotations that declare the attribute.
     *
     * @return {@code ImleLayer.class}, {@code AimleLayer.class} or both
     */
    public List<Class<? extends Annotation>> annotations() {
        return layers.annotations;
    }

    /**
     * Whether {@code value} is in the attribute's range.
     *
     * @param value the value, an integer one widened
     * @return whether the value is allowed
     */
    public boolean accepts(double value) {
        return range.accepts(value);
    }

    /**
     * The message about a value out of the attribute's range: {@code <name> must be <range>, but was <value>}.
     *
     * @param value the value given
     * @return the message
     */
    public String outOfRange(Object value) {
        return range.outOfRange(attributeName, value);
    }

    /**
     * Fails unless {@code value} is in the attribute's range.
     *
     * @param value the value given
     * @return {@code value}
     * @throws IllegalArgumentException with {@link #outOfRange} if it is not in the range
     */
    public double require(double value) {
        return range.require(attributeName, value);
    }

    /**
     * Fails unless {@code value} is in the attribute's range.
     *
     * @param value the value given
     * @return {@code value}
     * @throws IllegalArgumentException with {@link #outOfRange} if it is not in the range
     */
    public int require(int value) {
        return range.require(attributeName, value);
    }
}
