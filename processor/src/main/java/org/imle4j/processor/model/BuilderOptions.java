package org.imle4j.processor.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imle4j.annotation.Attribute;
import org.imle4j.annotation.Noise;

/**
 * What a generated builder offers besides the solver's properties, in one place: every annotation attribute but
 * {@code name} has an option {@code optX} (the processor reads the attributes from the annotation, so a new attribute
 * needs no change here); the options that no attribute sets are listed in {@link #BUILDER_ONLY}; the builder's other
 * methods in {@link #METHODS}. The generated Javadoc lists the options, and the validator keeps solver parameters from
 * taking their names.
 */
public final class BuilderOptions {
    /**
     * An option of the runtime's builders that no annotation attribute sets.
     *
     * @param name the option, e.g. {@code solverThreads} for {@code optSolverThreads}
     * @param parameterTypes the parameter types as the Javadoc shows them, e.g. {@code double, int}
     * @param description its default and meaning, as Javadoc text
     * @param algorithms the layers whose builders have it
     */
    public record BuilderOnlyOption(String name, String parameterTypes, String description,
            Set<Algorithm> algorithms) {}

    /** The options of the runtime's builders that no annotation attribute sets. */
    public static final List<BuilderOnlyOption> BUILDER_ONLY = List.of(
            new BuilderOnlyOption("exactSumOfGamma", "boolean",
                    "default {@code false}, tabulated noise quantiles", Set.of(Algorithm.values())),
            new BuilderOnlyOption("solverThreads", "int",
                    "default {@code 0}, the shared solver pool; {@code 1}, the calling thread",
                    Set.of(Algorithm.values())),
            new BuilderOnlyOption("solutionCache", "double, int",
                    "default none: every perturbed instance is solved", Set.of(Algorithm.values())),
            new BuilderOnlyOption("estimator", "Supplier<? extends GradientEstimator>",
                    "default the annotation's; replaces only the gradient estimator, a new one per layer",
                    Set.of(Algorithm.values())),
            new BuilderOnlyOption("perInstanceLambda", "boolean",
                    "default {@code false}, one λ for the whole batch", Set.of(Algorithm.AIMLE)),
            new BuilderOnlyOption("checkSolutions", "boolean",
                    "default {@code true}, every solution is checked against the declared structure",
                    Set.of(Algorithm.values())));

    /**
     * The public and protected methods of the builders that are not options: those of the runtime's builders and
     * those every generated builder declares.
     */
    public static final Set<String> METHODS = Set.of("build", "self", "validate", "identity", "solverThreads",
            "defaultEstimator", "requireSet");

    private static final List<String> SUM_OF_GAMMA = List.of(Noise.SUM_OF_GAMMA.name());

    /** Every noise that perturbs θ, in declaration order. */
    private static final List<String> PERTURBING = Arrays.stream(Noise.values())
            .filter(noise -> noise != Noise.NONE)
            .map(Noise::name)
            .toList();

    private static final Map<String, List<String>> NOISES_USING = Map.of(
            Attribute.SUM_OF_GAMMA_K.attributeName(), SUM_OF_GAMMA,
            Attribute.SUM_OF_GAMMA_ITERATIONS.attributeName(), SUM_OF_GAMMA,
            "exactSumOfGamma", SUM_OF_GAMMA,
            Attribute.NOISE_TEMPERATURE.attributeName(), PERTURBING,
            Attribute.TARGET_NOISE_TEMPERATURE.attributeName(), PERTURBING);

    private BuilderOptions() {}

    /**
     * The noises with which an option has an effect, for the options that depend on the noise.
     *
     * @param option an option's name, e.g. {@code sumOfGammaK}
     * @return the names of the {@code Noise} constants it is used with, or empty if it does not depend on the noise
     */
    public static Optional<List<String>> noisesUsing(String option) {
        return Optional.ofNullable(NOISES_USING.get(option));
    }

    /**
     * Whether a builder-only option can be used on a layer at all: the solver pool serves plain-Java solvers only, and
     * a solution cache cannot serve a solver with {@code @Input} parameters (the runtime's {@code build()} rejects it).
     *
     * @param option the option
     * @param model the layer
     * @return whether the layer's builder accepts the option and uses it
     */
    public static boolean available(BuilderOnlyOption option, LayerModel model) {
        if (!option.algorithms().contains(model.algorithm())) {
            return false;
        }
        return switch (option.name()) {
            case "solverThreads" -> !model.theta().isBatch();
            case "solutionCache" -> model.extraInputs().isEmpty();
            default -> true;
        };
    }
}
