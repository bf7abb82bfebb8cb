package org.imle4j.runtime.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Finds non-finite values: in a small {@code float32} array by reading it on the host, in any other on the device,
 * copying a single flag to the host unless something is wrong.
 */
public final class Finiteness {
    /**
     * The most entries of a {@code float32} array that checks read on the host rather than reduce on the device: one
     * copy of up to 256 KiB costs less than the several native operations of a check on the device.
     */
    public static final int HOST_ELEMENTS = 1 << 16;
    /** Each thread's host copy of a small array, filled and read within one check; it grows to the largest copied. */
    private static final ThreadLocal<float[]> HOST = ThreadLocal.withInitial(() -> new float[0]);

    private Finiteness() {}

    /**
     * The entries of a small {@code float32} array, row-major, copied into the calling thread's buffer: valid until
     * this thread's next call, so a check reads them at once.
     *
     * @param array any array
     * @return the buffer, whose first {@code array.size()} entries are the array's, or null if the array is not
     *     {@code float32}, is empty or has more than {@link #HOST_ELEMENTS} entries
     */
    public static float[] smallOnHost(NDArray array) {
        long size = array.size();
        if (array.getDataType() != DataType.FLOAT32 || size == 0 || size > HOST_ELEMENTS) {
            return null;
        }
        float[] host = HOST.get();
        if (host.length < size) {
            host = new float[(int) size];
            HOST.set(host);
        }
        array.toByteBuffer(true).asFloatBuffer().get(host, 0, (int) size);
        return host;
    }

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
        float[] host = smallOnHost(array);
        if (host != null) {
            int size = (int) array.size();
            int perRow = array.getShape().dimension() == 0 ? size : size / (int) array.getShape().get(0);
            for (int i = 0; i < size; i++) {
                if (!Float.isFinite(host[i])) {
                    return i / perRow;
                }
            }
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
