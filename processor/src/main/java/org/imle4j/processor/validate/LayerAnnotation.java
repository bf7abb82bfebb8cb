package org.imle4j.processor.validate;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import org.imle4j.processor.model.Algorithm;
import org.imle4j.processor.model.JavaNames;

/**
 * One layer annotation on a solver method, with its attributes in the annotation's declaration order.
 *
 * @param algorithm which annotation
 * @param mirror the annotation as written, for attaching messages to it
 * @param attributes every attribute, given or default
 */
record LayerAnnotation(Algorithm algorithm, AnnotationMirror mirror, List<Attribute> attributes) {
    /** The attribute that names the generated class rather than configuring the layer. */
    static final String NAME = org.imle4j.annotation.Attribute.NAME.attributeName();

    /** Names that {@link SourceVersion#isKeyword} accepts but that cannot name a class. */
    private static final Set<String> RESTRICTED_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

    /**
     * One attribute.
     *
     * @param name the attribute
     * @param value its value, given or default
     * @param explicit whether the annotation gives it
     */
    record Attribute(String name, AnnotationValue value, boolean explicit) {}

    /** The layer annotations on {@code method}, @ImleLayer before @AimleLayer. */
    static List<LayerAnnotation> on(ExecutableElement method, Elements elements) {
        List<LayerAnnotation> found = new ArrayList<>();
        for (Algorithm algorithm : Algorithm.values()) {
            for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
                TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
                if (type.getQualifiedName().contentEquals(algorithm.annotation().canonicalName())) {
                    found.add(new LayerAnnotation(algorithm, mirror, attributesOf(mirror, type, elements)));
                }
            }
        }
        return found;
    }

    private static List<Attribute> attributesOf(AnnotationMirror mirror, TypeElement type, Elements elements) {
        Map<? extends ExecutableElement, ? extends AnnotationValue> given = mirror.getElementValues();
        Map<? extends ExecutableElement, ? extends AnnotationValue> all = elements.getElementValuesWithDefaults(mirror);
        List<Attribute> attributes = new ArrayList<>();
        for (ExecutableElement attribute : ElementFilter.methodsIn(type.getEnclosedElements())) {
            attributes.add(new Attribute(attribute.getSimpleName().toString(), all.get(attribute),
                    given.containsKey(attribute)));
        }
        return attributes;
    }

    /** How messages name the method, e.g. {@code @ImleLayer method topK}. */
    String subject(ExecutableElement method) {
        return "@" + algorithm.annotation().simpleName() + " method " + method.getSimpleName();
    }

    Attribute attribute(String name) {
        for (Attribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                return attribute;
            }
        }
        throw new IllegalArgumentException("@" + algorithm.annotation().simpleName() + " has no attribute " + name);
    }

    /** The simple name of the generated class, valid or not. */
    String layerSimpleName(ExecutableElement method) {
        String name = (String) attribute(NAME).value().getValue();
        return name.isEmpty() ? defaultLayerName(method) : name;
    }

    /** The generated class, or null when {@code name} is not a class name. */
    ClassName layerClass(ExecutableElement method, Elements elements) {
        String simpleName = layerSimpleName(method);
        if (!isClassName(simpleName)) {
            return null;
        }
        return ClassName.get(elements.getPackageOf(method).getQualifiedName().toString(), simpleName);
    }

    static String defaultLayerName(ExecutableElement method) {
        return JavaNames.defaultLayerName(method.getSimpleName().toString());
    }

    static boolean isClassName(String name) {
        return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name)
                && !RESTRICTED_TYPE_NAMES.contains(name);
    }
}
