package org.imle4j.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.GeneratedLayer;
import org.imle4j.annotation.ImleLayer;
import org.imle4j.annotation.Input;
import org.imle4j.processor.generate.LayerGenerator;
import org.imle4j.processor.model.KnownTypes;
import org.imle4j.processor.model.LayerModel;
import org.imle4j.processor.validate.LayerNames;
import org.imle4j.processor.validate.LayerValidator;
import org.imle4j.processor.validate.LocalSolvers;
import org.imle4j.processor.validate.Reporter;

/**
 * Generates a DJL layer for every method annotated {@link ImleLayer} or {@link AimleLayer}: each method is validated
 * into a model, and a valid model is generated into a source file. Methods whose signatures name types that do not
 * exist yet (because another processor generates them) wait for a later round.
 */
@AutoService(Processor.class)
public final class LayerProcessor extends AbstractProcessor {
    /** Creates the processor; javac finds and instantiates it through its service registration. */
    public LayerProcessor() {}

    private Reporter reporter;
    private LayerValidator validator;
    private LayerNames layerNames;
    private LocalSolvers localSolvers;
    private LayerGenerator generator;
    /** Methods waiting for their types, by name, since elements of an earlier round may be stale. */
    private final List<MethodKey> deferred = new ArrayList<>();

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        reporter = new Reporter(environment.getMessager());
        validator = new LayerValidator(environment, reporter);
        layerNames = new LayerNames(reporter);
        localSolvers = new LocalSolvers(environment, reporter);
        boolean generatedAnnotation =
                environment.getElementUtils().getTypeElement(KnownTypes.GENERATED.canonicalName()) != null;
        generator = new LayerGenerator(LayerProcessor.class.getName(), generatedAnnotation);
    }

    /**
     * The layer annotations, and ours that only this processor reads or that it puts on generated layers: claiming
     * them keeps {@code -Xlint:all} (its {@code processing} category) from warning that no processor claimed them.
     * {@code @Generated} is not ours to claim, since other processors may read it.
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(ImleLayer.class.getCanonicalName(), AimleLayer.class.getCanonicalName(),
                Input.class.getCanonicalName(), GeneratedLayer.class.getCanonicalName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        try {
            localSolvers.report(round);
        } catch (Throwable t) {
            round.getRootElements().stream().findFirst().ifPresent(root -> reporter.internalError(root, t));
        }
        Set<ExecutableElement> methods = new LinkedHashSet<>();
        for (MethodKey key : deferred) {
            key.find(processingEnv).ifPresent(methods::add);
        }
        deferred.clear();
        methods.addAll(ElementFilter.methodsIn(round.getElementsAnnotatedWith(ImleLayer.class)));
        methods.addAll(ElementFilter.methodsIn(round.getElementsAnnotatedWith(AimleLayer.class)));

        List<LayerModel> models = new ArrayList<>();
        for (ExecutableElement method : methods) {
            try {
                if (!round.processingOver() && !validator.resolved(method)) {
                    deferred.add(MethodKey.of(method));
                    continue;
                }
                boolean djl = validator.djlAvailable(method);
                validator.validate(method).filter(model -> djl).ifPresent(model -> {
                    layerNames.claim(model);
                    models.add(model);
                });
            } catch (Throwable t) {
                reporter.internalError(method, t);
            }
        }
        if (!methods.isEmpty()) {
            try {
                Set<ExecutableElement> clashing = layerNames.reportClashes();
                models.stream().filter(model -> !clashing.contains(model.method())).forEach(this::write);
            } catch (Throwable t) {
                reporter.internalError(methods.iterator().next(), t);
            }
        }
        return true;
    }

    private void write(LayerModel model) {
        try {
            generator.generate(model).writeTo(processingEnv.getFiler());
        } catch (IOException e) {
            reporter.writeFailed(model, e);
        } catch (Throwable t) {
            reporter.internalError(model.method(), t);
        }
    }

    /**
     * A method found again by its class's name, its name and its position among the class's methods of that name.
     * Processors see methods of top-level and member classes only, which all have qualified names.
     */
    private record MethodKey(String owner, String name, int overload) {
        static MethodKey of(ExecutableElement method) {
            TypeElement owner = (TypeElement) method.getEnclosingElement();
            String name = method.getSimpleName().toString();
            return new MethodKey(owner.getQualifiedName().toString(), name, overloads(owner, name).indexOf(method));
        }

        Optional<ExecutableElement> find(ProcessingEnvironment environment) {
            TypeElement type = environment.getElementUtils().getTypeElement(owner);
            if (type == null) {
                return Optional.empty();
            }
            List<ExecutableElement> overloads = overloads(type, name);
            return overload < overloads.size() ? Optional.of(overloads.get(overload)) : Optional.empty();
        }

        private static List<ExecutableElement> overloads(TypeElement type, String name) {
            return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                    .filter(m -> m.getSimpleName().contentEquals(name))
                    .toList();
        }
    }
}
