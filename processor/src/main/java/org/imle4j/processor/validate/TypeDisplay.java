package org.imle4j.processor.validate;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Types as messages show them: simple names, as the user wrote them, e.g. {@code List<String>} or {@code float[]}. */
final class TypeDisplay {
    private static final TypeFold<String> DISPLAY = new TypeFold<>() {
        @Override
        String array(ArrayType type, String component) {
            return component + "[]";
        }

        @Override
        String declared(DeclaredType type, List<String> arguments) {
            String name = of((TypeElement) type.asElement());
            return arguments.isEmpty() ? name : name + "<" + String.join(", ", arguments) + ">";
        }

        @Override
        String wildcard(WildcardType type, Optional<String> extendsBound, Optional<String> superBound) {
            return extendsBound.map(bound -> "? extends " + bound)
                    .or(() -> superBound.map(bound -> "? super " + bound))
                    .orElse("?");
        }

        @Override
        protected String defaultAction(TypeMirror type, Void unused) {
            return type.toString();
        }
    };

    private TypeDisplay() {}

    static String of(TypeMirror type) {
        return DISPLAY.fold(type);
    }

    /** A class by its simple names from the top-level class, e.g. {@code Outer.Inner}. */
    static String of(TypeElement type) {
        Element enclosing = type.getEnclosingElement();
        String name = type.getSimpleName().toString();
        return enclosing instanceof TypeElement outer ? of(outer) + "." + name : name;
    }
}
