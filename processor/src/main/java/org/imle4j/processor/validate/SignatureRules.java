package org.imle4j.processor.validate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.imle4j.processor.model.BuilderOptions;
import org.imle4j.processor.model.InputKind;
import org.imle4j.processor.model.JavaNames;
import org.imle4j.processor.model.KnownTypes;
import org.imle4j.processor.model.SolverArgument;
import org.imle4j.processor.model.ThetaForm;

/** Checks θ, the return type and the further parameters of a solver method. */
final class SignatureRules {
    /** Element types a Java-array solver may return. */
    private static final List<TypeKind> SOLUTION_ELEMENTS =
            List.of(TypeKind.BOOLEAN, TypeKind.BYTE, TypeKind.INT, TypeKind.FLOAT, TypeKind.DOUBLE);

    private final Elements elements;
    private final Types types;
    private final Reporter reporter;
    private final Accessibility accessibility;

    SignatureRules(Elements elements, Types types, Reporter reporter) {
        this.elements = elements;
        this.types = types;
        this.reporter = reporter;
        this.accessibility = new Accessibility(elements);
    }

    /** The form of θ, or empty after reporting why the first parameter is not θ. */
    Optional<ThetaForm> theta(ExecutableElement method, String subject) {
        List<? extends VariableElement> parameters = method.getParameters();
        if (parameters.isEmpty()) {
            reporter.report(Diagnostic.THETA_TYPE, method, subject, "takes no parameters",
                    "add θ as the first parameter");
            return Optional.empty();
        }
        VariableElement first = parameters.get(0);
        if (isInput(first)) {
            reporter.report(Diagnostic.THETA_TYPE, first, subject, "annotates its first parameter with @Input",
                    "remove @Input from θ, which is the layer's main input");
            return Optional.empty();
        }
        TypeName type = TypeName.get(first.asType());
        for (ThetaForm form : ThetaForm.values()) {
            if (form.type().equals(type)) {
                return Optional.of(form);
            }
        }
        reporter.report(Diagnostic.THETA_TYPE, first, subject,
                "takes its first parameter as " + TypeDisplay.of(first.asType()), "change the type of "
                        + first.getSimpleName());
        return Optional.empty();
    }

    /**
     * Whether the solver declares that it only reads θ; reports every {@code @ReadOnly} parameter other than θ of a
     * batch solver.
     */
    boolean readOnlyTheta(ExecutableElement method, String subject, ThetaForm theta) {
        List<? extends VariableElement> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            VariableElement parameter = parameters.get(i);
            if (!isAnnotated(parameter, KnownTypes.READ_ONLY) || i == 0 && theta.isBatch()) {
                continue;
            }
            String why = i == 0
                    ? "a solver of one instance always receives its own Java array of θ"
                    : "the layer never copies the parameters after θ";
            reporter.report(Diagnostic.READ_ONLY_PLACEMENT, parameter, subject,
                    (i == 0 ? "its θ parameter " : "parameter ") + parameter.getSimpleName(), why);
        }
        return theta.isBatch() && isAnnotated(parameters.get(0), KnownTypes.READ_ONLY);
    }

    /** Reports a return type that does not suit θ. */
    void returnType(ExecutableElement method, String subject, ThetaForm theta) {
        TypeMirror returned = method.getReturnType();
        String shown = TypeDisplay.of(returned);
        if (theta.isBatch()) {
            if (!isNdArray(returned)) {
                reporter.report(Diagnostic.BATCH_RETURN_TYPE, method, subject, shown);
            }
            return;
        }
        int rank = 0;
        TypeMirror element = returned;
        while (element.getKind() == TypeKind.ARRAY) {
            element = ((ArrayType) element).getComponentType();
            rank++;
        }
        if (rank != theta.eventRank() || !SOLUTION_ELEMENTS.contains(element.getKind())) {
            String brackets = "[]".repeat(theta.eventRank());
            reporter.report(Diagnostic.SOLVER_RETURN_SHAPE, method, subject, shown, theta.type(),
                    "int" + brackets + " or boolean" + brackets);
        }
    }

    /** The arguments after θ, in declaration order; reports each parameter that cannot be one. */
    List<SolverArgument> arguments(ExecutableElement method, String subject, ThetaForm theta,
            LayerAnnotation annotation) {
        PackageElement layerPackage = elements.getPackageOf(method);
        Map<String, String> reserved = reservedNames(annotation);
        boolean instanceMethod = !method.getModifiers().contains(Modifier.STATIC);
        Map<String, String> setters = new HashMap<>();
        if (instanceMethod) {
            setters.put(JavaNames.setter(JavaNames.SOLVER_PROPERTY), null);
        }
        List<SolverArgument> arguments = new ArrayList<>();
        int inputs = 0;
        List<? extends VariableElement> parameters = method.getParameters();
        for (VariableElement parameter : parameters.subList(1, parameters.size())) {
            String name = parameter.getSimpleName().toString();
            TypeMirror type = parameter.asType();
            if (isInput(parameter)) {
                int index = inputs++;
                inputKind(parameter, subject, theta)
                        .ifPresent(kind -> arguments.add(new SolverArgument.ExtraInput(name, kind, index)));
                continue;
            }
            if (configurationType(parameter, subject, layerPackage)) {
                arguments.add(new SolverArgument.Configuration(name, TypeName.get(type),
                        TypeName.get(types.erasure(type))));
            }
            String setter = JavaNames.setter(name);
            if (reserved.containsKey(name)) {
                reporter.report(Diagnostic.RESERVED_PROPERTY_NAME, parameter, subject, name, setter,
                        reserved.get(name));
            }
            if (setters.containsKey(setter)) {
                String other = setters.get(setter);
                reporter.report(Diagnostic.SETTER_CLASH, parameter, subject, name, setter, other == null
                        ? "already sets the object whose method is called, as the solver is an instance method"
                        : "is also that of parameter " + other);
            } else {
                setters.put(setter, name);
            }
        }
        return arguments;
    }

    /**
     * The names a builder property must not have, each with what the builder already calls that name: a property
     * {@code samples} would get {@code setSamples} next to {@code optSamples}, and a property {@code identity} a
     * setter next to {@code identity()}.
     */
    private static Map<String, String> reservedNames(LayerAnnotation annotation) {
        Map<String, String> reserved = new HashMap<>();
        for (LayerAnnotation.Attribute attribute : annotation.attributes()) {
            if (!attribute.name().equals(LayerAnnotation.NAME)) {
                reserved.put(attribute.name(), "the builder's " + JavaNames.option(attribute.name())
                        + ", which overrides the annotation attribute " + attribute.name());
            }
        }
        for (BuilderOptions.BuilderOnlyOption option : BuilderOptions.BUILDER_ONLY) {
            if (option.algorithms().contains(annotation.algorithm())) {
                reserved.put(option.name(), "the builder's option " + JavaNames.option(option.name()) + "("
                        + option.parameterTypes() + ")");
            }
        }
        for (String method : BuilderOptions.METHODS) {
            reserved.putIfAbsent(method, "the builder's method " + method + "()");
        }
        return reserved;
    }

    private Optional<InputKind> inputKind(VariableElement parameter, String subject, ThetaForm theta) {
        TypeName type = TypeName.get(parameter.asType());
        for (InputKind kind : InputKind.values()) {
            if (kind.type().equals(type) && (kind == InputKind.ND_ARRAY) == theta.isBatch()) {
                return Optional.of(kind);
            }
        }
        String shown = TypeDisplay.of(parameter.asType());
        if (theta.isBatch()) {
            reporter.report(Diagnostic.INPUT_TYPE, parameter, subject, parameter.getSimpleName(), shown,
                    "a batch solver receives its extra inputs as NDArray [N, …], aligned with θ",
                    "declare it as NDArray");
        } else {
            reporter.report(Diagnostic.INPUT_TYPE, parameter, subject, parameter.getSimpleName(), shown,
                    "a solver of one instance receives its example's row of an extra input as int, long, float,"
                            + " double or boolean, or an array of one of them",
                    "change its type, or remove @Input to make it a builder property");
        }
        return Optional.empty();
    }

    /** Whether a configuration parameter's type can be a builder property; reports why not. */
    private boolean configurationType(VariableElement parameter, String subject, PackageElement layerPackage) {
        TypeMirror type = parameter.asType();
        Object name = parameter.getSimpleName();
        String shown = TypeDisplay.of(type);
        if (containsTypeVariable(type)) {
            reporter.report(Diagnostic.CONFIGURATION_TYPE, parameter, subject, name, shown,
                    "the builder cannot know the type argument of its class", "use a concrete type");
            return false;
        }
        TypeMirror base = type;
        while (base.getKind() == TypeKind.ARRAY) {
            base = ((ArrayType) base).getComponentType();
        }
        if (isAssignableTo(base, KnownTypes.ND_MANAGER.canonicalName())) {
            reporter.report(Diagnostic.CONFIGURATION_TYPE, parameter, subject, name, shown,
                    "a layer must not keep a manager that it does not own",
                    "take θ as NDArray and use its getManager()");
            return false;
        }
        if (isAssignableTo(base, KnownTypes.ND_ARRAY.canonicalName())
                || isAssignableTo(base, KnownTypes.ND_LIST.canonicalName())) {
            reporter.report(Diagnostic.CONFIGURATION_TYPE, parameter, subject, name, shown,
                    "tensors are data whose memory the layer does not own",
                    "annotate it with @Input to pass it as an extra input of the layer, one row per example");
            return false;
        }
        Optional<TypeElement> hidden = accessibility.firstInaccessible(type, layerPackage);
        if (hidden.isPresent()) {
            reporter.report(Diagnostic.CONFIGURATION_TYPE, parameter, subject, name, shown,
                    "the generated layer cannot name " + TypeDisplay.of(hidden.get()),
                    "make " + TypeDisplay.of(hidden.get()) + " public, or package-private in package "
                            + layerPackage.getQualifiedName());
            return false;
        }
        return true;
    }

    private boolean isAssignableTo(TypeMirror type, String className) {
        TypeElement target = elements.getTypeElement(className);
        return target != null && type.getKind() == TypeKind.DECLARED
                && types.isAssignable(types.erasure(type), types.erasure(target.asType()));
    }

    private boolean isNdArray(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && TypeName.get(type).equals(KnownTypes.ND_ARRAY);
    }

    static boolean containsTypeVariable(TypeMirror type) {
        return TypeFold.parts(type).anyMatch(part -> part.getKind() == TypeKind.TYPEVAR);
    }

    static boolean isInput(VariableElement parameter) {
        return isAnnotated(parameter, KnownTypes.INPUT);
    }

    private static boolean isAnnotated(VariableElement parameter, ClassName annotationType) {
        for (AnnotationMirror annotation : parameter.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) annotation.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(annotationType.canonicalName())) {
                return true;
            }
        }
        return false;
    }
}
