package org.imle4j.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.imle4j.processor.model.Algorithm;
import org.imle4j.processor.model.JavaNames;
import org.imle4j.processor.model.KnownTypes;
import org.imle4j.processor.model.LayerModel;
import org.imle4j.processor.model.Setting;
import org.imle4j.processor.model.SolverArgument;
import org.imle4j.processor.model.ThetaForm;

/**
 * The Javadoc of generated layers: what the layer computes, its shapes, its builder properties with their defaults,
 * and where it comes from. Fixed text is wrapped by hand; each item that names user code has a line of its own.
 */
final class LayerJavadoc {
    private static final String SOLVER_OUTPUTS = """
            <p>Outside training the layer returns the solver's {@code MAP(θ)}. While training it returns the
            perturb-and-MAP samples {@code z = MAP(θ + τ·ε)}, and the backward pass estimates {@code dL/dθ}
            """;

    private static final String IMLE = """
            by Implicit MLE (Niepert, Minervini and Franceschi, NeurIPS 2021) as the finite difference
            {@code (MAP(α·θ + τ'·ε) − MAP(α·θ − λ·dL/dz + τ'·ε)) / λ}, averaged over the samples.
            """;

    private static final String AIMLE = """
            by adaptive Implicit MLE (Minervini, Franceschi and Niepert, AAAI 2023) as the finite difference
            {@code (MAP(α·θ + τ'·ε) − MAP(α·θ − λ·dL/dz + τ'·ε)) / λ}, averaged over the samples,
            with {@code λ = β·‖θ‖ / ‖dL/dz‖}, where β adapts after each backward pass so that the
            estimates keep about {@code targetNorm} non-zero entries.
            """;

    private static final String BATCH_INPUT = """

            <p>Input: θ of shape {@code [B, …]}. The solver receives all perturbed instances of a pass at
            once, {@code [N, …]}, and returns their solutions, {@code [N, …]}.\s""";

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

            @throws IllegalArgumentException if a required property is unset or a setting is out of range
            """;

    private LayerJavadoc() {}

    static CodeBlock layer(LayerModel model) {
        return CodeBlock.builder()
                .add("An $L layer generated from $L.\n\n", model.algorithm().displayName(), fullLink(model))
                .add(SOLVER_OUTPUTS)
                .add(model.algorithm() == Algorithm.IMLE ? IMLE : AIMLE)
                .add(shapes(model.theta()))
                .add(extraInputs(model))
                .add(properties(model))
                .add(EXCEPTIONS, KnownTypes.SOLVER_EXCEPTION)
                .add("\n<p>Generated from $L.\n", shortLink(model))
                .build();
    }

    static CodeBlock builderMethod(LayerModel model) {
        List<String> required = requiredSetters(model);
        if (required.isEmpty()) {
            return CodeBlock.of("Returns a builder of {@code $L}, whose settings start at the annotation's values.\n",
                    model.layer().simpleName());
        }
        return CodeBlock.of("Returns a builder of {@code $L}; {@code build()} requires\n$L.\n",
                model.layer().simpleName(), join(required.stream().map(s -> "{@code " + s + "}").toList()));
    }

    static CodeBlock builderClass(LayerModel model) {
        return CodeBlock.builder()
                .add("Builder of {@link $T}. Its {@code optX} settings start at the values of the\n", model.layer())
                .add("{@code @$L} annotation on $L.\n", model.algorithm().annotation().simpleName(), shortLink(model))
                .build();
    }

    static CodeBlock solverSetter(LayerModel model) {
        return CodeBlock.of("Sets the object whose $L solves each instance; required.\n", shortLink(model));
    }

    static CodeBlock configurationSetter(LayerModel model, SolverArgument.Configuration configuration) {
        return CodeBlock.of("Sets {@code $L}, passed as parameter {@code $L} of $L; required.\n", configuration.name(),
                configuration.name(), shortLink(model));
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

    private static CodeBlock shapes(ThetaForm theta) {
        String instance = switch (theta) {
            case FLOAT_VECTOR, DOUBLE_VECTOR -> "n";
            case FLOAT_MATRIX, DOUBLE_MATRIX -> "rows, cols";
            case BATCH -> "…";
        };
        CodeBlock input = theta.isBatch()
                ? CodeBlock.of(BATCH_INPUT)
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

    private static CodeBlock properties(LayerModel model) {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("\n<p>Builder properties; the defaults are the annotation's values:\n<ul>\n");
        if (model.instanceMethod()) {
            doc.add("  <li>{@code $L}: required, the object whose {@code $L} is called\n",
                    setterSignature(JavaNames.SOLVER_PROPERTY, model.owner()), model.methodName());
        }
        for (SolverArgument.Configuration configuration : model.configurations()) {
            doc.add("  <li>{@code $L}: required, parameter {@code $L} of the solver\n",
                    setterSignature(configuration.name(), configuration.erasure()), configuration.name());
        }
        for (Setting setting : model.settings()) {
            doc.add("  <li>{@code $L($L)}: default {@code $L}\n", JavaNames.option(setting.attribute()),
                    Literals.typeText(setting.value()), Literals.text(setting.value()));
        }
        return doc.add("</ul>\n").build();
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
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
