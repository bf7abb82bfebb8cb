package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The extra inputs of a batch on the host: one flat {@code double[]} per input, row-major. One object serves a
 * calling thread from batch to batch; its arrays grow to the largest input seen.
 */
final class HostInputs {
    private double[][] values = new double[0][];
    private int[] widths = new int[0];
    /** Values of each input in the batch last filled in; {@link #values} may hold more from an earlier one. */
    private int[] sizes = new int[0];

    HostInputs() {}

    /** Inputs already on the host, as {@link #exactValues} and {@link #exactWidths} hand them to another machine. */
    HostInputs(double[][] values, int[] widths) {
        this.values = values;
        this.widths = widths;
        this.sizes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            sizes[i] = values[i].length;
        }
    }

    /** Copies {@code inputs} to the host, replacing what this held, and returns this. */
    HostInputs fill(NDList inputs) {
        int count = inputs.size();
        if (values.length < count) {
            double[][] grown = new double[count][];
            System.arraycopy(values, 0, grown, 0, values.length);
            values = grown;
            widths = new int[count];
            sizes = new int[count];
        }
        for (int i = 0; i < count; i++) {
            NDArray input = inputs.get(i);
            long rows = input.getShape().get(0);
            int size = Math.toIntExact(input.size());
            widths[i] = rows == 0 ? 0 : Math.toIntExact(size / rows);
            sizes[i] = size;
            if (values[i] == null || values[i].length < size) {
                values[i] = new double[size];
            }
            if (input.getDataType() == DataType.FLOAT64) {
                copy(input, values[i], size);
            } else {
                try (NDArray converted = input.toType(DataType.FLOAT64, false)) {
                    copy(converted, values[i], size);
                }
            }
        }
        return this;
    }

    private static void copy(NDArray input, double[] into, int size) {
        if (size == 0) {
            return;
        }
        ByteBuffer data = input.toByteBuffer(true);
        data.asDoubleBuffer().get(into, 0, size);
    }

    /** Copies of the first {@code count} inputs, each exactly as long as the batch last filled in. */
    double[][] exactValues(int count) {
        double[][] copies = new double[count][];
        for (int i = 0; i < count; i++) {
            copies[i] = Arrays.copyOf(values[i], sizes[i]);
        }
        return copies;
    }

    /** The widths of the first {@code count} inputs. */
    int[] exactWidths(int count) {
        return Arrays.copyOf(widths, count);
    }

    double[] values(int i) {
        return values[i];
    }

    int width(int i) {
        return widths[i];
    }
}
