package org.imle4j.processor.validate;

import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * What the generated layer, a top-level class in the solver's package, can name: the solver's class, and the types
 * of its configuration parameters, which become the types of builder fields and setters.
 */
final class Accessibility {
    private final Elements elements;

    Accessibility(Elements elements) {
        this.elements = elements;
    }

    /**
     * Why the generated layer cannot call methods of {@code owner}, as a fix to apply, or empty if it can. Methods of
     * local and anonymous classes never get here: javac does not show them to processors.
     */
    Optional<String> unreachableOwner(TypeElement owner) {
        for (Element e = owner; e instanceof TypeElement type; e = e.getEnclosingElement()) {
            if (type.getModifiers().contains(Modifier.PRIVATE)) {
                return Optional.of("make " + TypeDisplay.of(type) + " package-private or public");
            }
            if (isInner(type)) {
                return Optional.of("make " + TypeDisplay.of(type) + " static");
            }
        }
        return Optional.empty();
    }

    /**
     * The first class in {@code type} (itself, an array component or a type argument) that code in {@code from}
     * cannot name, or empty if there is none.
     */
    Optional<TypeElement> firstInaccessible(TypeMirror type, PackageElement from) {
        return TypeFold.parts(type)
                .filter(part -> part.getKind() == TypeKind.DECLARED)
                .flatMap(part -> firstInaccessible((TypeElement) ((DeclaredType) part).asElement(), from).stream())
                .findFirst();
    }

    private Optional<TypeElement> firstInaccessible(TypeElement type, PackageElement from) {
        boolean samePackage = elements.getPackageOf(type).equals(from);
        for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
            boolean visible = t.getModifiers().contains(Modifier.PUBLIC)
                    || samePackage && !t.getModifiers().contains(Modifier.PRIVATE);
            if (!visible) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** A member class that needs an enclosing instance. Member types of interfaces are implicitly static. */
    private static boolean isInner(TypeElement type) {
        return type.getNestingKind() == NestingKind.MEMBER
                && type.getKind() == ElementKind.CLASS
                && !type.getModifiers().contains(Modifier.STATIC)
                && !type.getEnclosingElement().getKind().isInterface();
    }
}
