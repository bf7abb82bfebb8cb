package org.imle4j.runtime.estimator;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;

/**
 * What a gradient estimator needs of the layer it trains, as {@link GradientEstimator#requirements()} states it. A
 * layer's {@code build()} checks it against the structure its solver declares and against its noise, so that a
 * mismatch fails there rather than training silently or failing at the first step.
 *
 * @param structures the solver structures the estimator fits, in declaration order; empty when every structure fits,
 *     {@link Structure#UNSPECIFIED} included
 * @param noises the noise distributions the estimator works with, in declaration order; empty when every one does
 * @param positiveNoiseTemperature whether the noise temperature τ must be positive
 * @param reason why, in a few words that follow the estimator's name in messages, e.g. "relaxes the argmax of each
 *     row"; empty when the estimator needs nothing
 */
public record EstimatorRequirements(Set<Structure> structures, Set<Noise> noises, boolean positiveNoiseTemperature,
        String reason) {

    /**
     * Copies the sets, so that the record is immutable.
     *
     * @param structures the solver structures the estimator fits; empty when every structure fits
     * @param noises the noise distributions the estimator works with; empty when every one does
     * @param positiveNoiseTemperature whether the noise temperature τ must be positive
     * @param reason why, following the estimator's name in messages; empty when the estimator needs nothing
     * @throws IllegalArgumentException if a set or the reason is null, or a set holds {@link Structure#UNSPECIFIED}
     */
    public EstimatorRequirements {
        if (structures == null || noises == null || reason == null) {
            throw new IllegalArgumentException("requirements need structures, noises and a reason (empty sets and an "
                    + "empty reason for none), but got " + structures + ", " + noises + ", " + reason);
        }
        if (structures.contains(Structure.UNSPECIFIED)) {
            throw new IllegalArgumentException("an estimator cannot require the UNSPECIFIED structure; an empty set "
                    + "says that every structure fits");
        }
        structures = Collections.unmodifiableSet(structures.isEmpty()
                ? EnumSet.noneOf(Structure.class) : EnumSet.copyOf(structures));
        noises = Collections.unmodifiableSet(noises.isEmpty() ? EnumSet.noneOf(Noise.class) : EnumSet.copyOf(noises));
    }

    /**
     * Requirements of an estimator that trains any layer.
     *
     * @return no structure, any noise, any temperature
     */
    public static EstimatorRequirements none() {
        return new EstimatorRequirements(Set.of(), Set.of(), false, "");
    }

    /**
     * Requirements of an estimator that fits solvers of the given structures, with any noise.
     *
     * @param reason why, following the estimator's name in messages
     * @param fitting the structures that fit, at least one
     * @return the requirements
     * @throws IllegalArgumentException if no structure is given
     */
    public static EstimatorRequirements structure(String reason, Structure... fitting) {
        if (fitting.length == 0) {
            throw new IllegalArgumentException("give at least one structure; none() requires nothing");
        }
        return new EstimatorRequirements(Set.of(fitting), Set.of(), false, reason);
    }

    /**
     * Requirements of an estimator that fits any solver but needs noise of the given distributions with a positive
     * temperature.
     *
     * @param reason why, following the estimator's name in messages
     * @param fitting the distributions that fit, at least one
     * @return the requirements
     * @throws IllegalArgumentException if no distribution is given
     */
    public static EstimatorRequirements noise(String reason, Noise... fitting) {
        if (fitting.length == 0) {
            throw new IllegalArgumentException("give at least one noise distribution; none() requires nothing");
        }
        return new EstimatorRequirements(Set.of(), Set.of(fitting), true, reason);
    }

    /**
     * Checks a layer against these requirements.
     *
     * @param structure the structure the layer's solver declares
     * @param noise the layer's noise
     * @param noiseTemperature the layer's noise temperature τ
     * @return empty when the layer fits; otherwise what is wrong and what would fit, worded to follow the estimator's
     *     name ("needs …")
     */
    public Optional<String> mismatch(Structure structure, Noise noise, double noiseTemperature) {
        if (!structures.isEmpty() && !structures.contains(structure)) {
            String wanted = join(structures);
            if (structure == Structure.UNSPECIFIED) {
                Structure example = structures.iterator().next();
                return Optional.of(because() + "needs a solver of structure " + wanted + ", but the solver declares "
                        + "no structure; if its solutions are " + wanted + ", declare it with structure = Structure."
                        + example + " on the solver's annotation or optStructure(Structure." + example + ")");
            }
            return Optional.of(because() + "needs a solver of structure " + wanted + ", but the solver's structure is "
                    + structure + "; choose an estimator for " + structure + " solvers (" + Estimators.fitting(structure)
                    + "), or correct the declared structure with optStructure if the solutions are " + wanted);
        }
        if (!noises.isEmpty() && !noises.contains(noise)) {
            String fixes = noises.stream().map(n -> "optNoise(Noise." + n + ")").collect(Collectors.joining(" or "));
            return Optional.of(because() + "works with " + join(noises) + " noise only, but the layer's noise is "
                    + noise + "; build the layer with " + fixes);
        }
        if (positiveNoiseTemperature && !(noiseTemperature > 0)) {
            return Optional.of(because() + "needs a positive noise temperature τ, but it is " + noiseTemperature
                    + "; set optNoiseTemperature to a positive value");
        }
        return Optional.empty();
    }

    private String because() {
        return reason.isEmpty() ? "" : reason + ", so it ";
    }

    private static String join(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).collect(Collectors.joining(" or "));
    }
}
