package org.imle4j.runtime.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Finds non-finite values on the device, copying a single flag to the host unless something is wrong. */
public final class Finiteness {
    private Finiteness() {}

    /**
     * Finds the first row holding a non-finite value.
     *
     * @param array any array with a first axis, {@code [N, …]}
     * @return the index in {@code [0, N)} of the first row (along axis 0) holding NaN or ±∞, or -1 when all values
     *     are finite, the array is empty or its data type is not floating point
     */
    public static int firstNonFiniteRow(NDArray array) {
        if (!array.getDataType().isFloating() || array.size() == 0) {
            return -1;
        }
        // One reduction decides the common case: a finite sum means no NaN or ±∞ (a sum that overflowed is
        // checked entry by entry below and found clean).
        try (NDArray sum = array.sum()) {
            if (Double.isFinite(sum.toType(DataType.FLOAT64, false).getDouble())) {
                return -1;
            }
        }
        try (NDArray bad = array.isNaN().logicalOr(array.isInfinite())) {
            if (!bad.any().getBoolean()) {
                return -1;
            }
            long rows = array.getShape().get(0);
            try (NDArray perRow = bad.reshape(rows, -1).toType(DataType.FLOAT32, false).sum(new int[] {1})) {
                float[] counts = perRow.toFloatArray();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] > 0) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }
}
