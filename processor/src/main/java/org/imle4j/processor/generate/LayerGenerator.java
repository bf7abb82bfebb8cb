package org.imle4j.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.imle4j.processor.model.JavaNames;
import org.imle4j.processor.model.KnownTypes;
import org.imle4j.processor.model.LayerModel;
import org.imle4j.processor.model.Setting;
import org.imle4j.processor.model.SettingValue;
import org.imle4j.processor.model.SolverArgument;

/**
 * Writes the layer class of a valid solver method: a {@code SolverLayer} subclass with a builder whose required
 * properties are the solver's configuration parameters and whose settings start at the annotation's values. The
 * output depends on the model only, so the same source always generates the same text.
 */
public final class LayerGenerator {
    private static final String INDENT = "    ";

    private final String processorName;
    private final boolean generatedAnnotation;

    /**
     * Creates the generator.
     *
     * @param processorName the value of {@code @Generated}
     * @param generatedAnnotation whether the compilation has {@code javax.annotation.processing.Generated}
     */
    public LayerGenerator(String processorName, boolean generatedAnnotation) {
        this.processorName = processorName;
        this.generatedAnnotation = generatedAnnotation;
    }

    /**
     * Writes the layer of a valid method.
     *
     * @param model the method's layer
     * @return the layer's source file
     */
    public JavaFile generate(LayerModel model) {
        ClassName builder = model.layer().nestedClass("Builder");
        TypeSpec.Builder layer = TypeSpec.classBuilder(model.layer())
                .addOriginatingElement(model.originatingElement())
                .addJavadoc(LayerJavadoc.layer(model));
        if (generatedAnnotation) {
            layer.addAnnotation(AnnotationSpec.builder(KnownTypes.GENERATED)
                    .addMember("value", "$S", processorName)
                    .build());
        }
        layer.addAnnotation(AnnotationSpec.builder(KnownTypes.GENERATED_LAYER)
                .addMember("value", "$S", model.methodId())
                .build());
        if (!model.suppressedWarnings().isEmpty()) {
            AnnotationSpec.Builder suppress = AnnotationSpec.builder(SuppressWarnings.class);
            model.suppressedWarnings().forEach(warning -> suppress.addMember("value", "$S", warning));
            layer.addAnnotation(suppress.build());
        }
        layer.addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(KnownTypes.SOLVER_LAYER)
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .addParameter(builder, "builder")
                        .addStatement("super(builder, builder.solver())")
                        .build())
                .addMethod(MethodSpec.methodBuilder("builder")
                        .addJavadoc(LayerJavadoc.builderMethod(model))
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(builder)
                        .addStatement("return new $T()", builder)
                        .build())
                .addType(builderType(model, builder));
        return JavaFile.builder(model.layer().packageName(), layer.build())
                .skipJavaLangImports(true)
                .indent(INDENT)
                .build();
    }

    private static TypeSpec builderType(LayerModel model, ClassName builder) {
        NameAllocator fields = fieldNames(model);
        TypeSpec.Builder type = TypeSpec.classBuilder(builder)
                .addJavadoc(LayerJavadoc.builderClass(model))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .superclass(ParameterizedTypeName.get(model.algorithm().builder(), builder));
        if (model.instanceMethod()) {
            type.addField(FieldSpec.builder(model.ownerType(), fields.get(JavaNames.SOLVER_PROPERTY), Modifier.PRIVATE)
                    .build());
        }
        for (SolverArgument.Configuration configuration : model.configurations()) {
            type.addField(FieldSpec.builder(configuration.type().box(), fields.get(configuration), Modifier.PRIVATE)
                    .build());
        }
        type.addMethod(builderConstructor(model));
        if (model.instanceMethod()) {
            type.addMethod(setter(builder, JavaNames.SOLVER_PROPERTY, fields.get(JavaNames.SOLVER_PROPERTY),
                    model.ownerType(), LayerJavadoc.solverSetter(model)));
        }
        for (SolverArgument.Configuration configuration : model.configurations()) {
            type.addMethod(setter(builder, configuration.name(), fields.get(configuration), configuration.type(),
                    LayerJavadoc.configurationSetter(model, configuration)));
        }
        return type.addMethod(MethodSpec.methodBuilder("self")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PROTECTED)
                        .returns(builder)
                        .addStatement("return this")
                        .build())
                .addMethod(build(model, fields))
                .addMethod(solver(model, fields))
                .build();
    }

    /**
     * Names of the builder's fields: those of the properties, unless one would obscure a class that the generated
     * code names in an expression, such as the solver's class in {@code Solvers.topK(…)}.
     */
    private static NameAllocator fieldNames(LayerModel model) {
        NameAllocator names = new NameAllocator();
        names.newName(model.owner().topLevelClassName().simpleName());
        names.newName(KnownTypes.ARRAY_SOLVERS.simpleName());
        for (Setting setting : model.settings()) {
            if (setting.explicit() && setting.value() instanceof SettingValue.EnumValue constant) {
                names.newName(constant.type().simpleName());
            }
        }
        if (model.instanceMethod()) {
            names.newName(JavaNames.SOLVER_PROPERTY, JavaNames.SOLVER_PROPERTY);
        }
        for (SolverArgument.Configuration configuration : model.configurations()) {
            names.newName(configuration.name(), configuration);
        }
        return names;
    }

    private static MethodSpec builderConstructor(LayerModel model) {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addStatement("super($S, $S, $L, $L)", model.layer().simpleName(), model.methodId(),
                        model.theta().eventRank(), model.extraInputs().size());
        for (Setting setting : model.settings()) {
            if (setting.explicit()) {
                constructor.addStatement("$N($L)", JavaNames.option(setting.attribute()),
                        Literals.code(setting.value()));
            }
        }
        return constructor.build();
    }

    private static MethodSpec setter(ClassName builder, String property, String field, TypeName type,
            CodeBlock javadoc) {
        return MethodSpec.methodBuilder(JavaNames.setter(property))
                .addJavadoc(javadoc)
                .addModifiers(Modifier.PUBLIC)
                .returns(builder)
                .addParameter(type, property)
                .addStatement("this.$N = $N", field, property)
                .addStatement("return this")
                .build();
    }

    private static MethodSpec build(LayerModel model, NameAllocator fields) {
        MethodSpec.Builder build = MethodSpec.methodBuilder("build")
                .addJavadoc(LayerJavadoc.build())
                .addModifiers(Modifier.PUBLIC)
                .returns(model.layer());
        List<String> properties = new ArrayList<>();
        List<String> propertyFields = new ArrayList<>();
        if (model.instanceMethod()) {
            properties.add(JavaNames.SOLVER_PROPERTY);
            propertyFields.add(fields.get(JavaNames.SOLVER_PROPERTY));
        }
        for (SolverArgument.Configuration configuration : model.configurations()) {
            properties.add(configuration.name());
            propertyFields.add(fields.get(configuration));
        }
        List<String> setters = LayerJavadoc.requiredSetters(model);
        for (int i = 0; i < properties.size(); i++) {
            build.addStatement("requireSet($S, $N, $S)", properties.get(i), propertyFields.get(i), setters.get(i));
        }
        return build.addStatement("validate()")
                .addStatement("return new $T(this)", model.layer())
                .build();
    }

    /**
     * The solver of a batch. Configuration values are copied into locals first, so that the lambda captures values
     * and not the builder, which stays mutable after {@code build()}.
     */
    private static MethodSpec solver(LayerModel model, NameAllocator fields) {
        MethodSpec.Builder solver = MethodSpec.methodBuilder("solver")
                .addModifiers(Modifier.PRIVATE)
                .returns(KnownTypes.BATCH_SOLVER);
        // Each local is named like its field, which it copies; the lambda's parameters get names of their own.
        NameAllocator locals = fields.clone();
        if (model.instanceMethod()) {
            String local = locals.get(JavaNames.SOLVER_PROPERTY);
            solver.addStatement("$T $N = this.$N", model.ownerType(), local, local);
        }
        for (SolverArgument.Configuration configuration : model.configurations()) {
            String local = locals.get(configuration);
            solver.addStatement("$T $N = this.$N", configuration.type(), local, local);
        }
        boolean batch = model.theta().isBatch();
        String theta = batch ? null : locals.newName("theta");
        String instance = locals.newName(batch ? "request" : "instance");
        List<String> arguments = new ArrayList<>();
        arguments.add(batch ? instance + ".thetas()" : theta);
        for (SolverArgument argument : model.arguments()) {
            arguments.add(argument instanceof SolverArgument.ExtraInput input
                    ? instance + "." + input.kind().accessor() + "(" + input.index() + ")"
                    : locals.get(argument));
        }
        CodeBlock call = CodeBlock.of("$L.$N($L)",
                model.instanceMethod()
                        ? CodeBlock.of("$N", locals.get(JavaNames.SOLVER_PROPERTY))
                        : CodeBlock.of("$T", model.owner()),
                model.methodName(), String.join(", ", arguments));
        if (batch && model.thetaReadOnly()) {
            return solver.addStatement("return $T.keepingThetaIntact($N -> $L)", KnownTypes.BATCH_SOLVER, instance,
                    call).build();
        }
        if (batch) {
            return solver.addStatement("return $N -> $L", instance, call).build();
        }
        solver.addStatement("return $T.$N($Z($N, $N) -> $L,$Widentity(), solverThreads())", KnownTypes.ARRAY_SOLVERS,
                model.theta().adapter(), theta, instance, call);
        return solver.build();
    }
}
