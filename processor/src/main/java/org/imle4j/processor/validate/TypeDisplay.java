package org.imle4j.processor.validate;

import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Types as messages show them: simple names, as the user wrote them, e.g. {@code List<String>} or {@code float[]}. */
final class TypeDisplay {
    private TypeDisplay() {}

    static String of(TypeMirror type) {
        return switch (type.getKind()) {
            case ARRAY -> of(((ArrayType) type).getComponentType()) + "[]";
            case DECLARED -> declared((DeclaredType) type);
            case WILDCARD -> wildcard((WildcardType) type);
            default -> type.toString();
        };
    }

    /** A class by its simple names from the top-level class, e.g. {@code Outer.Inner}. */
    static String of(TypeElement type) {
        Element enclosing = type.getEnclosingElement();
        String name = type.getSimpleName().toString();
        return enclosing instanceof TypeElement outer ? of(outer) + "." + name : name;
    }

    private static String declared(DeclaredType type) {
        String name = of((TypeElement) type.asElement());
        if (type.getTypeArguments().isEmpty()) {
            return name;
        }
        return name + type.getTypeArguments().stream().map(TypeDisplay::of).collect(Collectors.joining(", ", "<", ">"));
    }

    private static String wildcard(WildcardType type) {
        if (type.getExtendsBound() != null) {
            return "? extends " + of(type.getExtendsBound());
        }
        if (type.getSuperBound() != null) {
            return "? super " + of(type.getSuperBound());
        }
        return "?";
    }
}
