package org.imle4j.processor.model;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;

/**
 * The accepted types of an {@code @Input} parameter and how the generated lambda reads each: from the runtime's
 * {@code Instance} for a plain-Java solver, from the {@code SolveRequest} for a batch solver.
 */
public enum InputKind {
    INT(TypeName.INT, "intInput"),
    LONG(TypeName.LONG, "longInput"),
    FLOAT(TypeName.FLOAT, "floatInput"),
    DOUBLE(TypeName.DOUBLE, "doubleInput"),
    BOOLEAN(TypeName.BOOLEAN, "booleanInput"),
    INT_ARRAY(ArrayTypeName.of(TypeName.INT), "intArrayInput"),
    LONG_ARRAY(ArrayTypeName.of(TypeName.LONG), "longArrayInput"),
    FLOAT_ARRAY(ArrayTypeName.of(TypeName.FLOAT), "floatArrayInput"),
    DOUBLE_ARRAY(ArrayTypeName.of(TypeName.DOUBLE), "doubleArrayInput"),
    BOOLEAN_ARRAY(ArrayTypeName.of(TypeName.BOOLEAN), "booleanArrayInput"),
    /** The batch form's only kind: the rows of every perturbed instance, aligned with θ. */
    ND_ARRAY(KnownTypes.ND_ARRAY, "alignedInput");

    private final TypeName type;
    private final String accessor;

    InputKind(TypeName type, String accessor) {
        this.type = type;
        this.accessor = accessor;
    }

    public TypeName type() {
        return type;
    }

    /** The method of {@code Instance} (or, for {@link #ND_ARRAY}, of {@code SolveRequest}) that reads input i. */
    public String accessor() {
        return accessor;
    }

    public boolean isScalar() {
        return type.isPrimitive();
    }
}
