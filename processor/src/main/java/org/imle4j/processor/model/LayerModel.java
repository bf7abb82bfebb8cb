package org.imle4j.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Everything the generator needs to write the layer of one valid solver method.
 *
 * @param method the annotated solver method
 * @param algorithm the annotation, I-MLE or adaptive I-MLE
 * @param layer the generated class
 * @param owner the class that declares the solver, as the generated code names it
 * @param ownerType the type of the solver object of an instance method: {@link #owner}, with wildcards if generic
 * @param methodName the solver's name
 * @param methodId the solver as {@code owner.Class#method}, for messages and {@code @GeneratedLayer}
 * @param instanceMethod whether the builder needs the object to call the solver on
 * @param theta how the solver takes θ
 * @param thetaReadOnly whether the batch solver declares that it only reads θ ({@code @ReadOnly}), so that it need
 *     not receive a copy
 * @param arguments the solver's parameters after θ, in declaration order
 * @param settings the annotation's attributes but {@code name}, in the annotation's declaration order
 * @param suppressedWarnings what the generated class must suppress to use the solver (deprecation), sorted
 */
public record LayerModel(
        ExecutableElement method,
        Algorithm algorithm,
        ClassName layer,
        ClassName owner,
        TypeName ownerType,
        String methodName,
        String methodId,
        boolean instanceMethod,
        ThetaForm theta,
        boolean thetaReadOnly,
        List<SolverArgument> arguments,
        List<Setting> settings,
        List<String> suppressedWarnings) {

    /**
     * Creates a model, copying the lists so that it never changes.
     *
     * @param method the annotated solver method
     * @param algorithm the annotation, I-MLE or adaptive I-MLE
     * @param layer the generated class
     * @param owner the class that declares the solver
     * @param ownerType the type of the solver object of an instance method
     * @param methodName the solver's name
     * @param methodId the solver as {@code owner.Class#method}
     * @param instanceMethod whether the builder needs the object to call the solver on
     * @param theta how the solver takes θ
     * @param thetaReadOnly whether the batch solver only reads θ
     * @param arguments the solver's parameters after θ
     * @param settings the annotation's attributes but {@code name}
     * @param suppressedWarnings what the generated class must suppress
     */
    public LayerModel {
        arguments = List.copyOf(arguments);
        settings = List.copyOf(settings);
        suppressedWarnings = List.copyOf(suppressedWarnings);
    }

    /** {@return the element the generated file is derived from, for incremental builds} */
    public TypeElement originatingElement() {
        return (TypeElement) method.getEnclosingElement();
    }

    /**
     * The value of an annotation attribute, given or default.
     *
     * @param attribute the attribute, e.g. {@code noise}
     * @return its value, or empty if the layer's annotation has no such attribute
     */
    public Optional<SettingValue> setting(String attribute) {
        return settings.stream().filter(s -> s.attribute().equals(attribute)).map(Setting::value).findFirst();
    }

    /** {@return the {@code @Input} parameters, in declaration order} */
    public List<SolverArgument.ExtraInput> extraInputs() {
        return arguments.stream()
                .filter(SolverArgument.ExtraInput.class::isInstance)
                .map(SolverArgument.ExtraInput.class::cast)
                .toList();
    }

    /** {@return the configuration parameters, in declaration order} */
    public List<SolverArgument.Configuration> configurations() {
        return arguments.stream()
                .filter(SolverArgument.Configuration.class::isInstance)
                .map(SolverArgument.Configuration.class::cast)
                .toList();
    }
}
