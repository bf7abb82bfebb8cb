package org.imle4j.processor.model;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;

/** How the solver receives θ: one instance as a Java array, or every instance of a batch as one NDArray. */
public enum ThetaForm {
    /** One instance as {@code float[]}. */
    FLOAT_VECTOR(ArrayTypeName.of(TypeName.FLOAT), "floatVector", 1),
    /** One instance as {@code double[]}. */
    DOUBLE_VECTOR(ArrayTypeName.of(TypeName.DOUBLE), "doubleVector", 1),
    /** One instance as {@code float[][]}. */
    FLOAT_MATRIX(ArrayTypeName.of(ArrayTypeName.of(TypeName.FLOAT)), "floatMatrix", 2),
    /** One instance as {@code double[][]}. */
    DOUBLE_MATRIX(ArrayTypeName.of(ArrayTypeName.of(TypeName.DOUBLE)), "doubleMatrix", 2),
    /** The batch form: {@code NDArray solve(NDArray thetas, …)}, {@code [N, …]} in and out. */
    BATCH(KnownTypes.ND_ARRAY, "", -1);

    private final TypeName type;
    private final String adapter;
    private final int eventRank;

    ThetaForm(TypeName type, String adapter, int eventRank) {
        this.type = type;
        this.adapter = adapter;
        this.eventRank = eventRank;
    }

    /** {@return the type of the solver's first parameter} */
    public TypeName type() {
        return type;
    }

    /** {@return the {@code ArraySolvers} factory that adapts the solver to a batch; empty for {@link #BATCH}} */
    public String adapter() {
        return adapter;
    }

    /** {@return the rank of one instance, 1 or 2, or -1 for the batch form, which accepts any rank} */
    public int eventRank() {
        return eventRank;
    }

    /** {@return whether the solver takes all instances of a batch as one NDArray} */
    public boolean isBatch() {
        return this == BATCH;
    }
}
