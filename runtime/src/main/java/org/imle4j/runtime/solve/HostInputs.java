package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/** The extra inputs of a batch, copied to the host once: one flat {@code double[]} per input, row-major. */
final class HostInputs {
    private final double[][] values;
    private final int[] widths;

    private HostInputs(double[][] values, int[] widths) {
        this.values = values;
        this.widths = widths;
    }

    static HostInputs copy(NDList inputs) {
        double[][] values = new double[inputs.size()][];
        int[] widths = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            NDArray input = inputs.get(i);
            long rows = input.getShape().get(0);
            widths[i] = rows == 0 ? 0 : Math.toIntExact(input.size() / rows);
            values[i] = input.getDataType() == DataType.FLOAT64
                    ? input.toDoubleArray()
                    : asDoubles(input);
        }
        return new HostInputs(values, widths);
    }

    private static double[] asDoubles(NDArray input) {
        try (NDArray converted = input.toType(DataType.FLOAT64, false)) {
            return converted.toDoubleArray();
        }
    }

    double[] values(int i) {
        return values[i];
    }

    int width(int i) {
        return widths[i];
    }
}
