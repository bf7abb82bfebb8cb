package org.imle4j.processor.model;

import com.palantir.javapoet.ClassName;

/** The value of one layer-annotation attribute. Doubles are finite: validation rejects the others. */
public sealed interface SettingValue {
    /**
     * An {@code int} attribute.
     *
     * @param value its value
     */
    record IntValue(int value) implements SettingValue {}

    /**
     * A {@code double} attribute.
     *
     * @param value its value
     */
    record DoubleValue(double value) implements SettingValue {}

    /**
     * A {@code boolean} attribute.
     *
     * @param value its value
     */
    record BooleanValue(boolean value) implements SettingValue {}

    /**
     * A constant of an annotation enum such as {@code Noise}.
     *
     * @param type the enum
     * @param constant the constant's name
     */
    record EnumValue(ClassName type, String constant) implements SettingValue {}
}
