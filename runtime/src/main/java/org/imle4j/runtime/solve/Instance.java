package org.imle4j.runtime.solve;

import java.util.Arrays;

/**
 * Where a plain-Java solver call sits in its batch, and the extra inputs of its example.
 *
 * <p>Extra inputs ({@code @Input} parameters) are copied to the host once per batch; the accessors read the row of
 * this instance's example. Scalar accessors need a row of exactly one value.
 *
 * <p>An instance is valid for the duration of the solver call it is passed to: a solving thread reuses the object
 * for its next instance.
 */
public final class Instance {
    private int index;
    private int example;
    private HostInputs inputs;

    Instance() {}

    /** Points this object at instance {@code index} of a batch, drawn from {@code example}; returns this. */
    Instance at(int index, int example, HostInputs inputs) {
        this.index = index;
        this.example = example;
        this.inputs = inputs;
        return this;
    }

    /** Index of this instance among the N instances of the solver call. */
    public int index() {
        return index;
    }

    /** Index of the example (batch row of θ) this instance was drawn from. */
    public int example() {
        return example;
    }

    /** The example's value of extra input {@code i}, as an {@code int}. */
    public int intInput(int i) {
        return (int) scalar(i);
    }

    /** The example's value of extra input {@code i}, as a {@code long}. */
    public long longInput(int i) {
        return (long) scalar(i);
    }

    /** The example's value of extra input {@code i}, as a {@code float}. */
    public float floatInput(int i) {
        return (float) scalar(i);
    }

    /** The example's value of extra input {@code i}, as a {@code double}. */
    public double doubleInput(int i) {
        return scalar(i);
    }

    /** The example's value of extra input {@code i}, as a {@code boolean} (non-zero is true). */
    public boolean booleanInput(int i) {
        return scalar(i) != 0;
    }

    /** The example's row of extra input {@code i}, flattened. */
    public double[] doubleArrayInput(int i) {
        int width = inputs.width(i);
        int from = example * width;
        return Arrays.copyOfRange(inputs.values(i), from, from + width);
    }

    /** The example's row of extra input {@code i}, flattened. */
    public float[] floatArrayInput(int i) {
        double[] row = doubleArrayInput(i);
        float[] result = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            result[j] = (float) row[j];
        }
        return result;
    }

    /** The example's row of extra input {@code i}, flattened. */
    public int[] intArrayInput(int i) {
        double[] row = doubleArrayInput(i);
        int[] result = new int[row.length];
        for (int j = 0; j < row.length; j++) {
            result[j] = (int) row[j];
        }
        return result;
    }

    /** The example's row of extra input {@code i}, flattened. */
    public long[] longArrayInput(int i) {
        double[] row = doubleArrayInput(i);
        long[] result = new long[row.length];
        for (int j = 0; j < row.length; j++) {
            result[j] = (long) row[j];
        }
        return result;
    }

    /** The example's row of extra input {@code i}, flattened (non-zero is true). */
    public boolean[] booleanArrayInput(int i) {
        double[] row = doubleArrayInput(i);
        boolean[] result = new boolean[row.length];
        for (int j = 0; j < row.length; j++) {
            result[j] = row[j] != 0;
        }
        return result;
    }

    private double scalar(int i) {
        int width = inputs.width(i);
        if (width != 1) {
            throw new IllegalArgumentException(
                    "extra input " + i + " has " + width + " values per example; a scalar parameter needs exactly 1");
        }
        return inputs.values(i)[example];
    }
}
