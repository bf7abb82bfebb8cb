package org.imle4j.runtime.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.FloatBuffer;

/**
 * Reads {@code float32} arrays on the host, and finds non-finite values: in a {@code float32} array held in CPU memory,
 * or a small one elsewhere, by reading it on the host; in any other on the device, copying a single flag to the host
 * unless something is wrong.
 *
 * <p>An array in CPU memory is read in place, through a view of its memory, a chunk of rows at a time copied into the
 * calling thread's buffer: no native operation and no array of its size, where a check on the device allocates and
 * writes several arrays of its size (at large batches they dominated the check's cost and made it vary from run to
 * run with the native allocator's state).
 */
public final class Finiteness {
    /**
     * The most entries of a {@code float32} array on another device than the CPU that checks copy to the host rather
     * than reduce on the device, and the size of the chunks in which the host reads larger arrays: one copy of up to
     * 256 KiB costs less than the several native operations of a check on the device.
     */
    public static final int HOST_ELEMENTS = 1 << 16;
    /** Each thread's host copy of a chunk, filled and read within one check; it grows to the largest chunk read. */
    private static final ThreadLocal<float[]> HOST = ThreadLocal.withInitial(() -> new float[0]);

    private Finiteness() {}

    /**
     * Looks at whole rows of an array read on the host.
     */
    @FunctionalInterface
    public interface RowScan {
        /**
         * Scans consecutive rows.
         *
         * @param values the rows' entries, row-major from index 0; the array may be longer
         * @param firstRow the index of the first of these rows in the whole array
         * @param rows how many rows {@code values} holds
         * @return the index of the row (in the whole array) at which the scan stops, or −1 to go on
         */
        int scan(float[] values, int firstRow, int rows);
    }

    /**
     * The entries of a {@code float32} array as the host reads them, row-major: a view of the array's own memory when
     * it is in CPU memory (a non-contiguous array is made contiguous first), else one copy of a small array.
     *
     * @param array any array
     * @return the entries, valid while the array lives and does not change; or null if the array is not
     *     {@code float32}, is empty, or lies outside CPU memory with more than {@link #HOST_ELEMENTS} entries
     */
    public static FloatBuffer onHost(NDArray array) {
        long size = array.size();
        if (array.getDataType() != DataType.FLOAT32 || size == 0
                || size > HOST_ELEMENTS && !Device.cpu().equals(array.getDevice())) {
            return null;
        }
        return array.toByteBuffer(true).asFloatBuffer();
    }

    /**
     * Scans the entries read by {@link #onHost} a chunk of whole rows at a time, each chunk copied into the calling
     * thread's buffer: at most {@link #HOST_ELEMENTS} entries, or one row if a row is longer.
     *
     * @param entries the array's entries, row-major
     * @param rowSize the number of entries of one row, at least 1; it divides the number of entries
     * @param scan what looks at each chunk, in order, until it stops
     * @return the row at which {@code scan} stopped, or −1 if it never did
     */
    public static int scanRows(FloatBuffer entries, int rowSize, RowScan scan) {
        int rows = entries.limit() / rowSize;
        int perChunk = Math.max(1, HOST_ELEMENTS / rowSize);
        float[] chunk = buffer(Math.min(rows, perChunk) * rowSize);
        for (int first = 0; first < rows; first += perChunk) {
            int count = Math.min(perChunk, rows - first);
            entries.get(first * rowSize, chunk, 0, count * rowSize);
            int stop = scan.scan(chunk, first, count);
            if (stop >= 0) {
                return stop;
            }
        }
        return -1;
    }

    private static float[] buffer(int size) {
        float[] host = HOST.get();
        if (host.length < size) {
            host = new float[size];
            HOST.set(host);
        }
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
        FloatBuffer host = onHost(array);
        if (host != null) {
            int size = (int) array.size();
            int perRow = array.getShape().dimension() == 0 ? size : size / (int) array.getShape().get(0);
            return scanRows(host, perRow, (values, firstRow, rows) -> {
                for (int i = 0; i < rows * perRow; i++) {
                    if (!Float.isFinite(values[i])) {
                        return firstRow + i / perRow;
                    }
                }
                return -1;
            });
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
