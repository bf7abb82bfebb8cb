package org.imle4j.samples.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The allowed values of a numeric {@code @Option}, declared on its field and checked, for every value of a list or
 * array option, by {@link SampleCommand} before anything is computed; an option out of range is an error naming it,
 * its range and the value, e.g. {@code --batch must be at least 1, but was 0}. Checks across options (k ≤ n) stay in
 * {@link SampleCommand#validate()}.
 */
public final class Range {
    private Range() {}

    /** An integer option of at least {@link #value()}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface AtLeast {
        /** {@return the least allowed value} */
        long value();
    }

    /** A real option in {@code (0, ∞)}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Positive {}

    /** A real option in {@code [0, ∞)}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface NonNegative {}

    /** A real option in the closed interval {@code [min, max]}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Between {
        /** {@return the least allowed value} */
        double min();

        /** {@return the largest allowed value} */
        double max();
    }

    /** Rejects the first value of {@code option} out of the range its field declares. */
    static void check(OptionSpec option, CommonOptions common) {
        if (!(option.userObject() instanceof AnnotatedElement field) || Stream.of(AtLeast.class, Positive.class,
                NonNegative.class, Between.class).noneMatch(field::isAnnotationPresent)) {
            return;
        }
        AtLeast atLeast = field.getAnnotation(AtLeast.class);
        Between between = field.getAnnotation(Between.class);
        String name = option.longestName();
        values(option.getValue()).forEach(value -> {
            double real = value.doubleValue();
            if (atLeast != null && value.longValue() < atLeast.value()) {
                throw common.invalid(name, value, "at least " + atLeast.value());
            }
            if (field.isAnnotationPresent(Positive.class) && !(real > 0 && real < Double.POSITIVE_INFINITY)) {
                throw common.invalid(name, value, "positive and finite");
            }
            if (field.isAnnotationPresent(NonNegative.class) && !(real >= 0 && real < Double.POSITIVE_INFINITY)) {
                throw common.invalid(name, value, "non-negative and finite");
            }
            if (between != null && !(real >= between.min() && real <= between.max())) {
                throw common.invalid(name, value, "in [" + between.min() + ", " + between.max() + "]");
            }
        });
    }

    /** The values of a single, array or list option; none for a list option not given. */
    private static Stream<Number> values(Object value) {
        if (value == null) {
            return Stream.empty();
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(Number.class::cast);
        }
        if (value != null && value.getClass().isArray()) {
            return IntStream.range(0, Array.getLength(value)).mapToObj(i -> (Number) Array.get(value, i));
        }
        return Stream.of((Number) value);
    }
}
