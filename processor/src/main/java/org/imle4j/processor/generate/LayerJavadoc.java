package org.imle4j.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.imle4j.annotation.Attribute;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Objective;
import org.imle4j.processor.model.Algorithm;
import org.imle4j.processor.model.BuilderOptions;
import org.imle4j.processor.model.JavaNames;
import org.imle4j.processor.model.KnownTypes;
import org.imle4j.processor.model.LayerModel;
import org.imle4j.processor.model.Setting;
import org.imle4j.processor.model.SettingValue;
import org.imle4j.processor.model.SolverArgument;
import org.imle4j.processor.model.ThetaForm;

/**
 * The Javadoc of generated layers: what the layer computes, its shapes, its builder properties with their defaults,
 * and where it comes from. Fixed text is wrapped by hand; each item that names user code has a line of its own.
 */
final class LayerJavadoc {
    private static final String IMLE = "by Implicit MLE (Niepert, Minervini and Franceschi, NeurIPS 2021)";

    private static final String AIMLE = "by adaptive Implicit MLE (Minervini, Franceschi and Niepert, AAAI 2023)";

    private static final String ADAPTIVE_LAMBDA = """
            with {@code λ = β·‖θ‖ / ‖dL/dz‖}, where β adapts after each backward pass so that the
            estimates keep about {@code targetNorm} non-zero entries.
            """;

    private static final String BATCH_INPUT = """

            <p>Input: θ of shape {@code [B, …]}. The solver receives all perturbed instances of a pass at
            once, {@code [N, …]}, and returns their solutions, {@code [N, …]}.""";

    private static final String BATCH_THETA_COPIED = """

            It receives a copy of them on every call, which it may change in place.\s""";

    private static final String BATCH_THETA_READ_ONLY = """

            It receives them uncopied, as its θ is {@code @ReadOnly}.\s""";

    /** Needs the shape of one instance, used three times. */
    private static final String OUTPUTS = """
            Output outside training:
            {@code [B, $1L]}. Output while training: {@code [B·S, $1L]}, the S samples of each example in
            turn, each the mean of its M marginal samples; or {@code [B, $1L]}, the mean of the samples,
            with {@code optOutput(Output.MEAN)}.
            """;

    /** Needs {@code SolverException}. */
    private static final String EXCEPTIONS = """

            <p>Whatever the solver throws, checked exceptions included, is reported at run time as a
            {@link $T} that names the layer, the solver method and the instance, with the
            original exception as its cause.
            """;

    private static final String BUILD = """
            Builds the layer.

            @return the layer
            @throws IllegalArgumentException if a required property is unset or a setting is out of range
            """;

    private static final String RETURNS_BUILDER = "@return this builder\n";

    private LayerJavadoc() {}

    static CodeBlock layer(LayerModel model) {
        return CodeBlock.builder()
                .add("An $L layer generated from $L.\n\n", model.algorithm().displayName(), fullLink(model))
                .add(estimate(model))
                .add(shapes(model))
                .add(extraInputs(model))
                .add(properties(model))
                .add(EXCEPTIONS, KnownTypes.SOLVER_EXCEPTION)
                .add("\n<p>Generated from $L.\n", shortLink(model))
                .build();
    }

    static CodeBlock builderMethod(LayerModel model) {
        List<String> required = requiredSetters(model);
        CodeBlock summary = required.isEmpty()
                ? CodeBlock.of("Returns a builder of {@code $L}, whose settings start at the annotation's values.\n",
                        model.layer().simpleName())
                : CodeBlock.of("Returns a builder of {@code $L}; {@code build()} requires\n$L.\n",
                        model.layer().simpleName(), join(required.stream().map(s -> "{@code " + s + "}").toList()));
        return CodeBlock.builder().add(summary).add("\n@return a new builder\n").build();
    }

    static CodeBlock builderClass(LayerModel model) {
        return CodeBlock.builder()
                .add("Builder of {@link $T}. Its {@code optX} settings start at the values of the\n", model.layer())
                .add("{@code @$L} annotation on $L.\n", model.algorithm().annotation().simpleName(), shortLink(model))
                .build();
    }

    static CodeBlock solverSetter(LayerModel model) {
        return CodeBlock.builder()
                .add("Sets the object whose $L solves each instance; required.\n", shortLink(model))
                .add("\n@param $L the object the solver method is called on\n", JavaNames.SOLVER_PROPERTY)
                .add(RETURNS_BUILDER)
                .build();
    }

    static CodeBlock configurationSetter(LayerModel model, SolverArgument.Configuration configuration) {
        return CodeBlock.builder()
                .add("Sets {@code $L}, passed as parameter {@code $L} of $L; required.\n", configuration.name(),
                        configuration.name(), shortLink(model))
                .add("\n@param $L the value of the solver's parameter {@code $L}\n", configuration.name(),
                        configuration.name())
                .add(RETURNS_BUILDER)
                .build();
    }

    static CodeBlock build() {
        return CodeBlock.of(BUILD);
    }

    /** The setters {@code build()} requires, e.g. {@code setK(int)}, in parameter order. */
    static List<String> requiredSetters(LayerModel model) {
        List<String> setters = new ArrayList<>();
        if (model.instanceMethod()) {
            setters.add(setterSignature(JavaNames.SOLVER_PROPERTY, model.owner()));
        }
        for (SolverArgument.Configuration configuration : model.configurations()) {
            setters.add(setterSignature(configuration.name(), configuration.erasure()));
        }
        return setters;
    }

    private static String setterSignature(String property, TypeName type) {
        return JavaNames.setter(property) + "(" + Literals.simpleErasure(type) + ")";
    }

    private static CodeBlock shapes(LayerModel model) {
        ThetaForm theta = model.theta();
        String instance = switch (theta) {
            case FLOAT_VECTOR, DOUBLE_VECTOR -> "n";
            case FLOAT_MATRIX, DOUBLE_MATRIX -> "rows, cols";
            case BATCH -> "…";
        };
        CodeBlock input = theta.isBatch()
                ? CodeBlock.of(BATCH_INPUT + (model.thetaReadOnly() ? BATCH_THETA_READ_ONLY : BATCH_THETA_COPIED))
                : CodeBlock.of("\n<p>Input: θ of shape {@code [B, $L]}, one solver instance per row. ", instance);
        return CodeBlock.builder().add(input).add(OUTPUTS, instance).build();
    }

    private static CodeBlock extraInputs(LayerModel model) {
        List<SolverArgument.ExtraInput> inputs = model.extraInputs();
        if (inputs.isEmpty()) {
            return CodeBlock.of("");
        }
        String names = inputs.stream().map(SolverArgument.ExtraInput::name).collect(Collectors.joining(", "));
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("\n<p>Extra inputs: the layer takes {@code NDList(θ, $L)}, each extra input with one row per\n",
                        names)
                .add("example:\n<ul>\n");
        for (SolverArgument.ExtraInput input : inputs) {
            if (model.theta().isBatch()) {
                doc.add("  <li>{@code $L}, {@code [B, …]}: passed as {@code [N, …]}, row n being the row of\n",
                        input.name())
                        .add("      instance n's example\n");
            } else if (input.kind().isScalar()) {
                doc.add("  <li>{@code $L}, {@code [B]} or {@code [B, 1]}: the example's value, as {@code $L}\n",
                        input.name(), input.kind().type());
            } else {
                doc.add("  <li>{@code $L}, {@code [B, …]}: the example's row, flattened, as {@code $L}\n",
                        input.name(), input.kind().type());
            }
        }
        return doc.add("</ul>\n").build();
    }

    /**
     * The solver's sense, the forward pass and the estimate, with the annotation's objective and difference. Estimators
     * work on {@code φ = ±θ} so that the solver maximises ⟨z, φ⟩ (EstimatorContext); written in θ, a minimising
     * solver sees {@code θ − τ·ε}, the target moves θ by {@code +λ·dL/dz}, and the forward difference changes sign.
     * The central difference keeps its order: both its sign changes cancel.
     */
    private static CodeBlock estimate(LayerModel model) {
        boolean minimize = model.setting(Attribute.OBJECTIVE.attributeName())
                .map(value -> ((SettingValue.EnumValue) value).constant().equals(Objective.MINIMIZE.name()))
                .orElse(false);
        boolean central = model.setting(Attribute.DIFFERENCE.attributeName())
                .map(value -> ((SettingValue.EnumValue) value).constant().equals(Difference.CENTRAL.name()))
                .orElse(false);
        boolean divides = model.setting(Attribute.SCALE_GRADIENT.attributeName())
                .map(value -> ((SettingValue.BooleanValue) value).value())
                .orElse(Attribute.SCALE_GRADIENT.defaultValue(Boolean.class));
        String noise = minimize ? " − τ·ε" : " + τ·ε";
        String targetNoise = minimize ? " − τ'·ε" : " + τ'·ε";
        String difference;
        if (central) {
            String up = "MAP(α·θ + λ·dL/dz" + targetNoise + ")";
            String down = "MAP(α·θ − λ·dL/dz" + targetNoise + ")";
            difference = "(" + up + " − " + down + ")" + (divides ? " / (2λ)" : " / 2");
        } else {
            String base = "MAP(α·θ" + targetNoise + ")";
            String target = "MAP(α·θ " + (minimize ? "+" : "−") + " λ·dL/dz" + targetNoise + ")";
            difference = "(" + (minimize ? target + " − " + base : base + " − " + target) + ")"
                    + (divides ? " / λ" : "");
        }
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("<p>The solver $L: {@code MAP(θ) = $L ⟨z, θ⟩} over its solutions z. Outside training\n",
                        minimize ? "minimises" : "maximises", minimize ? "argmin" : "argmax")
                .add("the layer returns {@code MAP(θ)}. While training it returns the perturb-and-MAP samples\n")
                .add("{@code z = MAP(θ$L)}, and the backward pass estimates {@code dL/dθ}\n", noise)
                .add("$L as the finite difference\n", model.algorithm() == Algorithm.IMLE ? IMLE : AIMLE)
                .add("{@code $L}, averaged over the samples", difference);
        if (model.algorithm() == Algorithm.AIMLE) {
            doc.add(",\n").add(ADAPTIVE_LAMBDA);
        } else {
            doc.add(".\n");
        }
        return doc.add("These are the formulas of the annotation's {@code objective} and {@code difference}; the\n")
                .add("builder's {@code optObjective} and {@code optDifference} change them.\n")
                .build();
    }

    /**
     * Every builder method a user calls: the required setters, the option of each annotation attribute and the
     * builder-only options this layer can use. An option whose effect depends on the noise states where it applies.
     */
    private static CodeBlock properties(LayerModel model) {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("\n<p>Builder properties and options; an option's default is the annotation's value:\n<ul>\n");
        if (model.instanceMethod()) {
            doc.add("  <li>{@code $L}: required, the object whose {@code $L} is called\n",
                    setterSignature(JavaNames.SOLVER_PROPERTY, model.owner()), model.methodName());
        }
        for (SolverArgument.Configuration configuration : model.configurations()) {
            doc.add("  <li>{@code $L}: required, parameter {@code $L} of the solver\n",
                    setterSignature(configuration.name(), configuration.erasure()), configuration.name());
        }
        String noise = model.setting(Attribute.NOISE.attributeName()).map(Literals::text).orElse("");
        for (Setting setting : model.settings()) {
            doc.add("  <li>{@code $L($L)}: default {@code $L}$L\n", JavaNames.option(setting.attribute()),
                    Literals.typeText(setting.value()), Literals.text(setting.value()),
                    applicability(setting.attribute(), noise));
        }
        for (BuilderOptions.BuilderOnlyOption option : BuilderOptions.BUILDER_ONLY) {
            if (BuilderOptions.available(option, model)) {
                doc.add("  <li>{@code $L($L)}: $L$L\n", JavaNames.option(option.name()), option.parameterTypes(),
                        option.description(), applicability(option.name(), noise));
            }
        }
        return doc.add("</ul>\n").build();
    }

    /** Where an option has no effect with the layer's noise, the noises it is used with, on a line of its own. */
    private static String applicability(String option, String noise) {
        return BuilderOptions.noisesUsing(option)
                .filter(noises -> !noises.contains(noise))
                .map(noises -> "; used only with noise\n      "
                        + join(noises.stream().map(n -> "{@code " + n + "}").toList(), "or")
                        + ", not this layer's {@code " + noise + "}")
                .orElse("");
    }

    /** {@code {@link Solvers#topK(float[], int)}}. */
    private static CodeBlock fullLink(LayerModel model) {
        List<CodeBlock> parameters = new ArrayList<>();
        parameters.add(CodeBlock.of("$T", model.theta().type()));
        model.arguments().forEach(argument -> parameters.add(CodeBlock.of("$T", argument.erasure())));
        return CodeBlock.of("{@link $T#$L($L)}", model.owner(), model.methodName(), CodeBlock.join(parameters, ", "));
    }

    /** {@code {@link Solvers#topK}}. */
    private static CodeBlock shortLink(LayerModel model) {
        return CodeBlock.of("{@link $T#$L}", model.owner(), model.methodName());
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String join(List<String> items) {
        return join(items, "and");
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}, with the given conjunction. */
    private static String join(List<String> items, String conjunction) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + conjunction + " "
                + items.get(items.size() - 1);
    }
}
