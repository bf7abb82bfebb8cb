package org.imle4j.runtime.solve;

import java.util.Arrays;

/**
 * Where a plain-Java solver call sits in its batch, and the extra inputs of its example.
 *
 * <p>Extra inputs ({@code @Input} parameters) are copied to the host once per batch, as {@code double}s; the accessors
 * read the row of this instance's example. Scalar accessors need a row of exactly one value (an input of shape
 * {@code [B]} or {@code [B, 1]}). Integral accessors need integral values within the type's range: 2.0 is 2, but
 * 1.9 is an error rather than 1.
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

    /**
     * Index of this instance among the N instances of the solver call.
     *
     * @return the index, in {@code [0, N)}
     */
    public int index() {
        return index;
    }

    /**
     * Index of the example (batch row of θ) this instance was drawn from:
     * {@code index() / repeats}, as {@link SolveRequest#repeats()} consecutive instances share an example.
     *
     * @return the example's index, in {@code [0, B)}
     */
    public int example() {
        return example;
    }

    /**
     * The example's value of extra input {@code i}, as an {@code int}.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return the value
     * @throws SolverException (through the layer) if the input has more than one value per example, or the value is
     *     not an integer within {@code int}'s range
     */
    public int intInput(int i) {
        return (int) integral(i, scalar(i), -1, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    }

    /**
     * The example's value of extra input {@code i}, as a {@code long}.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return the value
     * @throws SolverException (through the layer) if the input has more than one value per example, or the value is
     *     not an integer within {@code long}'s range
     */
    public long longInput(int i) {
        return integral(i, scalar(i), -1, Long.MIN_VALUE, Long.MAX_VALUE, "long");
    }

    /**
     * The example's value of extra input {@code i}, as a {@code float} (rounded from the host's {@code double}).
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return the value
     * @throws SolverException (through the layer) if the input has more than one value per example
     */
    public float floatInput(int i) {
        return (float) scalar(i);
    }

    /**
     * The example's value of extra input {@code i}, as a {@code double}.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return the value
     * @throws SolverException (through the layer) if the input has more than one value per example
     */
    public double doubleInput(int i) {
        return scalar(i);
    }

    /**
     * The example's value of extra input {@code i}, as a {@code boolean}.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return true if the value is non-zero (NaN included)
     * @throws SolverException (through the layer) if the input has more than one value per example
     */
    public boolean booleanInput(int i) {
        return scalar(i) != 0;
    }

    /**
     * The example's row of extra input {@code i}, flattened: an input of shape {@code [B, d₁, …]} gives
     * {@code d₁·…} values in row-major order.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return a new array, which the solver may keep or change
     */
    public double[] doubleArrayInput(int i) {
        int width = inputs.width(i);
        int from = example * width;
        return Arrays.copyOfRange(inputs.values(i), from, from + width);
    }

    /**
     * The example's row of extra input {@code i}, flattened in row-major order, each value rounded to {@code float}.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return a new array, which the solver may keep or change
     */
    public float[] floatArrayInput(int i) {
        double[] row = doubleArrayInput(i);
        float[] result = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            result[j] = (float) row[j];
        }
        return result;
    }

    /**
     * The example's row of extra input {@code i}, flattened.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return a new array, which the solver may keep or change
     * @throws SolverException (through the layer) if a value is not an integer within {@code int}'s range
     */
    public int[] intArrayInput(int i) {
        double[] row = doubleArrayInput(i);
        int[] result = new int[row.length];
        for (int j = 0; j < row.length; j++) {
            result[j] = (int) integral(i, row[j], j, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
        }
        return result;
    }

    /**
     * The example's row of extra input {@code i}, flattened.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return a new array, which the solver may keep or change
     * @throws SolverException (through the layer) if a value is not an integer within {@code long}'s range
     */
    public long[] longArrayInput(int i) {
        double[] row = doubleArrayInput(i);
        long[] result = new long[row.length];
        for (int j = 0; j < row.length; j++) {
            result[j] = integral(i, row[j], j, Long.MIN_VALUE, Long.MAX_VALUE, "long");
        }
        return result;
    }

    /**
     * The example's row of extra input {@code i}, flattened in row-major order.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters
     * @return a new array, true where a value is non-zero (NaN included)
     */
    public boolean[] booleanArrayInput(int i) {
        double[] row = doubleArrayInput(i);
        boolean[] result = new boolean[row.length];
        for (int j = 0; j < row.length; j++) {
            result[j] = row[j] != 0;
        }
        return result;
    }

    /**
     * {@code value} as an integer, refusing a fraction or a value out of range (a cast would truncate or saturate it
     * silently).
     *
     * @param position the index within the row, or -1 for a scalar input
     */
    private long integral(int i, double value, int position, long min, long max, String type) {
        // max + 1 is 2^31 or 2^63, exact as a double, and the least value out of range.
        if (value != Math.rint(value) || value < min || value >= (double) max + 1.0) {
            throw new BadInputException("extra input " + i + " (an @Input " + type + (position < 0 ? "" : "[]")
                    + " parameter) holds " + value + (position < 0 ? "" : " at index " + position)
                    + " for example " + example + ", which is not " + (value == Math.rint(value)
                            ? "within the range of " + type : "an integer")
                    + "; give integral values (of any data type) or declare the parameter floating point");
        }
        return (long) value;
    }

    private double scalar(int i) {
        int width = inputs.width(i);
        if (width != 1) {
            throw new BadInputException("extra input " + i + " has " + width
                    + " values per example; a scalar parameter needs exactly 1 (an input of shape [B] or [B, 1])");
        }
        return inputs.values(i)[example];
    }

    /** An extra input that its parameter cannot take; the layer reports it with the solver and the instance. */
    static final class BadInputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInputException(String message) {
            super(message);
        }
    }
}
