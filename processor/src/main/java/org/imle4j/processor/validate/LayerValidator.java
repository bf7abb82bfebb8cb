package org.imle4j.processor.validate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.imle4j.processor.model.KnownTypes;
import org.imle4j.processor.model.LayerModel;
import org.imle4j.processor.model.Setting;
import org.imle4j.processor.model.SolverArgument;
import org.imle4j.processor.model.ThetaForm;

/**
 * Turns an annotated solver method into the model of its layer, reporting every problem of the method in one pass;
 * a method with any error has no model.
 */
public final class LayerValidator {
    private final Elements elements;
    private final Types types;
    private final Reporter reporter;
    private final Accessibility accessibility;
    private final SignatureRules signature;
    private final AttributeRules attributes;
    private boolean djlReported;

    /**
     * Creates the validator of one compilation.
     *
     * @param environment the processing environment
     * @param reporter where problems go
     */
    public LayerValidator(ProcessingEnvironment environment, Reporter reporter) {
        this.elements = environment.getElementUtils();
        this.types = environment.getTypeUtils();
        this.reporter = reporter;
        this.accessibility = new Accessibility(elements);
        this.signature = new SignatureRules(elements, types, reporter);
        this.attributes = new AttributeRules(reporter);
    }

    /**
     * Whether DJL is on the class path; if not, reports it, once per compilation, on {@code method}.
     *
     * @param method the method to report on
     * @return whether {@code NDArray} resolves
     */
    public boolean djlAvailable(ExecutableElement method) {
        if (elements.getTypeElement(KnownTypes.ND_ARRAY.canonicalName()) != null) {
            return true;
        }
        if (!djlReported) {
            djlReported = true;
            reporter.report(Diagnostic.DJL_MISSING, method,
                    LayerAnnotation.on(method, elements).get(0).subject(method));
        }
        return false;
    }

    /**
     * Whether every type in the method's signature is resolved; a later round may resolve the others.
     *
     * @param method an annotated method
     * @return whether no type of its signature is an error type
     */
    public boolean resolved(ExecutableElement method) {
        return unresolved(method).isEmpty();
    }

    /**
     * The model of the method's layer, or empty after reporting why it cannot have one.
     *
     * @param method an annotated method
     * @return its model, or empty if it has errors
     */
    public Optional<LayerModel> validate(ExecutableElement method) {
        int errorsBefore = reporter.errorCount();
        List<LayerAnnotation> annotations = LayerAnnotation.on(method, elements);
        LayerAnnotation annotation = annotations.get(0);
        String subject = annotation.subject(method);
        if (annotations.size() > 1) {
            reporter.reportOnAnnotation(Diagnostic.BOTH_ANNOTATIONS, method, annotations.get(1).mirror(), null,
                    subject);
        }
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        checkModifiers(method, subject, owner);
        ClassName layer = checkLayerName(method, subject, annotation);
        List<Setting> settings = attributes.check(method, annotation);

        List<Unresolved> unresolved = unresolved(method);
        for (Unresolved u : unresolved) {
            reporter.report(Diagnostic.UNRESOLVED_TYPE, u.element(), subject, TypeDisplay.of(u.type()), u.where());
        }
        Optional<ThetaForm> theta = Optional.empty();
        List<SolverArgument> arguments = List.of();
        boolean thetaReadOnly = false;
        if (unresolved.isEmpty()) {
            theta = signature.theta(method, subject);
            if (theta.isPresent()) {
                thetaReadOnly = signature.readOnlyTheta(method, subject, theta.get());
                signature.returnType(method, subject, theta.get());
                arguments = signature.arguments(method, subject, theta.get(), annotation);
            }
            checkThrows(method, subject);
        }
        if (reporter.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        boolean instanceMethod = !method.getModifiers().contains(Modifier.STATIC);
        ClassName ownerName = ClassName.get(owner);
        return Optional.of(new LayerModel(
                method,
                annotation.algorithm(),
                layer,
                ownerName,
                instanceMethod ? ownerType(owner, ownerName) : ownerName,
                method.getSimpleName().toString(),
                owner.getQualifiedName() + "#" + method.getSimpleName(),
                instanceMethod,
                theta.orElseThrow(),
                thetaReadOnly,
                arguments,
                settings,
                deprecationWarnings(method)));
    }

    private void checkModifiers(ExecutableElement method, String subject, TypeElement owner) {
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            reporter.report(Diagnostic.PRIVATE_SOLVER, method, subject);
        }
        if (!method.getTypeParameters().isEmpty()) {
            reporter.report(Diagnostic.GENERIC_SOLVER, method, subject);
        }
        accessibility.unreachableOwner(owner).ifPresent(fix -> {
            String where = elements.getPackageOf(owner).isUnnamed()
                    ? "the unnamed package"
                    : elements.getPackageOf(owner).getQualifiedName().toString();
            reporter.report(Diagnostic.UNREACHABLE_OWNER, method, subject, TypeDisplay.of(owner), where, fix);
        });
    }

    /** The generated class, or null after reporting why there is none. */
    private ClassName checkLayerName(ExecutableElement method, String subject, LayerAnnotation annotation) {
        LayerAnnotation.Attribute name = annotation.attribute(LayerAnnotation.NAME);
        ClassName layer = annotation.layerClass(method, elements);
        if (layer == null) {
            reporter.reportOnAnnotation(Diagnostic.LAYER_NAME, method, annotation.mirror(), name.value(), subject,
                    annotation.layerSimpleName(method), LayerAnnotation.defaultLayerName(method));
            return null;
        }
        TypeElement existing = elements.getTypeElement(layer.canonicalName());
        if (existing != null && !isGeneratedLayer(existing)) {
            reporter.reportOnAnnotation(Diagnostic.LAYER_NAME_TAKEN, method, annotation.mirror(),
                    name.explicit() ? name.value() : null, subject, layer.canonicalName());
        }
        return layer;
    }

    /** A layer that an earlier run or round generated, which the Filer replaces, is no clash. */
    private static boolean isGeneratedLayer(TypeElement type) {
        return type.getAnnotationMirrors().stream().anyMatch(mirror -> ((TypeElement) mirror.getAnnotationType()
                .asElement()).getQualifiedName().contentEquals(KnownTypes.GENERATED_LAYER.canonicalName()));
    }

    private void checkThrows(ExecutableElement method, String subject) {
        TypeMirror exception = elements.getTypeElement(Exception.class.getName()).asType();
        TypeMirror error = elements.getTypeElement(Error.class.getName()).asType();
        for (TypeMirror thrown : method.getThrownTypes()) {
            if (!types.isSubtype(thrown, exception) && !types.isSubtype(thrown, error)) {
                reporter.report(Diagnostic.SOLVER_THROWS, method, subject, TypeDisplay.of(thrown));
            }
        }
    }

    /** The object type of an instance solver: a generic class with wildcards, since any instance will do. */
    private static TypeName ownerType(TypeElement owner, ClassName ownerName) {
        if (owner.getTypeParameters().isEmpty()) {
            return ownerName;
        }
        TypeName[] wildcards = owner.getTypeParameters().stream()
                .map(p -> WildcardTypeName.subtypeOf(Object.class))
                .toArray(TypeName[]::new);
        return ParameterizedTypeName.get(ownerName, wildcards);
    }

    /** What the generated class must suppress because it uses deprecated API: the solver, its class, config types. */
    private List<String> deprecationWarnings(ExecutableElement method) {
        List<Element> used = new ArrayList<>();
        for (Element e = method; !(e instanceof PackageElement); e = e.getEnclosingElement()) {
            used.add(e);
        }
        List<? extends VariableElement> parameters = method.getParameters();
        for (VariableElement parameter : parameters.subList(1, parameters.size())) {
            collectDeclaredTypes(parameter.asType(), used);
        }
        TreeSet<String> warnings = new TreeSet<>();
        for (Element e : used) {
            if (elements.isDeprecated(e)) {
                Deprecated deprecated = e.getAnnotation(Deprecated.class);
                warnings.add(deprecated != null && deprecated.forRemoval() ? "removal" : "deprecation");
            }
        }
        return List.copyOf(warnings);
    }

    private static void collectDeclaredTypes(TypeMirror type, List<Element> into) {
        TypeFold.parts(type).filter(part -> part.getKind() == TypeKind.DECLARED).forEach(part -> {
            for (Element e = ((DeclaredType) part).asElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
                into.add(e);
            }
        });
    }

    /**
     * A type of the signature that javac could not resolve.
     *
     * @param element the parameter, or the method for the return type and throws clause
     * @param type the unresolved type as written
     * @param where where it appears, for messages
     */
    private record Unresolved(Element element, TypeMirror type, String where) {}

    private static List<Unresolved> unresolved(ExecutableElement method) {
        List<Unresolved> found = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            firstError(parameter.asType()).ifPresent(type ->
                    found.add(new Unresolved(parameter, type, "parameter " + parameter.getSimpleName())));
        }
        firstError(method.getReturnType()).ifPresent(type ->
                found.add(new Unresolved(method, type, "its return type")));
        for (TypeMirror thrown : method.getThrownTypes()) {
            firstError(thrown).ifPresent(type -> found.add(new Unresolved(method, type, "its throws clause")));
        }
        return found;
    }

    private static Optional<TypeMirror> firstError(TypeMirror type) {
        return TypeFold.parts(type).filter(part -> part.getKind() == TypeKind.ERROR).findFirst();
    }
}
