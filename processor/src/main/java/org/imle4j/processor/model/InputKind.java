package org.imle4j.processor.model;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;

/**
 * The accepted types of an {@code @Input} parameter and how the generated lambda reads each: from the runtime's
 * {@code Instance} for a plain-Java solver, from the {@code SolveRequest} for a batch solver.
 */
public enum InputKind {
    /** An {@code int}, one per example. */
    INT(TypeName.INT, "intInput"),
    /** A {@code long}, one per example. */
    LONG(TypeName.LONG, "longInput"),
    /** A {@code float}, one per example. */
    FLOAT(TypeName.FLOAT, "floatInput"),
    /** A {@code double}, one per example. */
    DOUBLE(TypeName.DOUBLE, "doubleInput"),
    /** A {@code boolean}, one per example. */
    BOOLEAN(TypeName.BOOLEAN, "booleanInput"),
    /** The example's row as {@code int[]}. */
    INT_ARRAY(ArrayTypeName.of(TypeName.INT), "intArrayInput"),
    /** The example's row as {@code long[]}. */
    LONG_ARRAY(ArrayTypeName.of(TypeName.LONG), "longArrayInput"),
    /** The example's row as {@code float[]}. */
    FLOAT_ARRAY(ArrayTypeName.of(TypeName.FLOAT), "floatArrayInput"),
    /** The example's row as {@code double[]}. */
    DOUBLE_ARRAY(ArrayTypeName.of(TypeName.DOUBLE), "doubleArrayInput"),
    /** The example's row as {@code boolean[]}. */
    BOOLEAN_ARRAY(ArrayTypeName.of(TypeName.BOOLEAN), "booleanArrayInput"),
    /** The batch form's only kind: the rows of every perturbed instance, aligned with θ. */
    ND_ARRAY(KnownTypes.ND_ARRAY, "alignedInput");

    private final TypeName type;
    private final String accessor;

    InputKind(TypeName type, String accessor) {
        this.type = type;
        this.accessor = accessor;
    }

    /** {@return the parameter's type} */
    public TypeName type() {
        return type;
    }

    /**
     * {@return the method of {@code Instance} (or, for {@link #ND_ARRAY}, of {@code SolveRequest}) that reads input i}
     */
    public String accessor() {
        return accessor;
    }

    /** {@return whether the parameter takes one value per example rather than a row} */
    public boolean isScalar() {
        return type.isPrimitive();
    }
}
