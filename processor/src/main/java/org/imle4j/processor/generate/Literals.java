package org.imle4j.processor.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import org.imle4j.processor.model.SettingValue;

/** How values and types are spelled in generated code and its Javadoc. */
final class Literals {
    private Literals() {}

    /** A setting as a Java expression, e.g. {@code 1.0E-4} or {@code Noise.GUMBEL}. */
    static CodeBlock code(SettingValue value) {
        if (value instanceof SettingValue.EnumValue constant) {
            return CodeBlock.of("$T.$L", constant.type(), constant.constant());
        }
        return CodeBlock.of("$L", text(value));
    }

    /** A setting as text; doubles in the form that {@link Double#toString} gives, which is also a Java literal. */
    static String text(SettingValue value) {
        if (value instanceof SettingValue.IntValue i) {
            return Integer.toString(i.value());
        }
        if (value instanceof SettingValue.DoubleValue d) {
            return Double.toString(d.value());
        }
        if (value instanceof SettingValue.BooleanValue b) {
            return Boolean.toString(b.value());
        }
        return ((SettingValue.EnumValue) value).constant();
    }

    /** The Java type of a setting's builder method parameter, e.g. {@code int} or {@code Noise}. */
    static String typeText(SettingValue value) {
        if (value instanceof SettingValue.IntValue) {
            return "int";
        }
        if (value instanceof SettingValue.DoubleValue) {
            return "double";
        }
        if (value instanceof SettingValue.BooleanValue) {
            return "boolean";
        }
        return ((SettingValue.EnumValue) value).type().simpleName();
    }

    /** A type by its simple names and without type arguments, as in {@code setItems(List)}. */
    static String simpleErasure(TypeName type) {
        if (type instanceof ArrayTypeName array) {
            return simpleErasure(array.componentType()) + "[]";
        }
        if (type instanceof ParameterizedTypeName parameterized) {
            return simpleErasure(parameterized.rawType());
        }
        if (type instanceof ClassName className) {
            return String.join(".", className.simpleNames());
        }
        return type.toString();
    }
}
