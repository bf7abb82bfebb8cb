package org.imle4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.imle4j.runtime.testing.ManagedTest;
import org.junit.jupiter.api.Test;

/**
 * Float32 arrays in CPU memory are checked on the host, a chunk at a time, the others on the device: both must find
 * the same row.
 */
class FinitenessTest extends ManagedTest {
    /** {@code rows × 8} ones, float32 and float64, small and above {@link Finiteness#HOST_ELEMENTS}. */
    private NDArray[] arrays(int row, float value) {
        NDArray[] arrays = new NDArray[4];
        int i = 0;
        for (long rows : new long[] {5, Finiteness.HOST_ELEMENTS / 8 + 3}) {
            for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                float[] values = new float[(int) rows * 8];
                java.util.Arrays.fill(values, 1f);
                if (row >= 0) {
                    values[row * 8 + 5] = value;
                }
                arrays[i++] = manager.create(values, new Shape(rows, 2, 4)).toType(type, false);
            }
        }
        return arrays;
    }

    @Test
    void findsTheFirstNonFiniteRowOnEitherPath() {
        for (float value : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (NDArray array : arrays(3, value)) {
                assertEquals(3, Finiteness.firstNonFiniteRow(array), array.getDataType() + " " + array.getShape());
            }
        }
        for (NDArray array : arrays(-1, 0)) {
            assertEquals(-1, Finiteness.firstNonFiniteRow(array), array.getDataType() + " " + array.getShape());
        }
    }

    @Test
    void float32ArraysInCpuMemoryAreReadOnTheHost() {
        NDArray[] arrays = arrays(-1, 0);
        for (NDArray float32 : new NDArray[] {arrays[0], arrays[2]}) {
            FloatBuffer host = Finiteness.onHost(float32);
            assertEquals(float32.size(), host.limit());
            for (int i = 0; i < host.limit(); i++) {
                assertEquals(1f, host.get(i));
            }
        }
        assertNull(Finiteness.onHost(arrays[1]));
        assertNull(Finiteness.onHost(arrays[3]));
        assertNull(Finiteness.onHost(manager.zeros(new Shape(0, 4))));
    }

    @Test
    void scanningVisitsEveryRowOnceInOrderAcrossChunks() {
        int rowSize = 24;
        int rows = 3 * Finiteness.HOST_ELEMENTS / rowSize + 5;
        NDArray rowIndex = manager.arange(0f, rows, 1f, DataType.FLOAT32).reshape(rows, 1).repeat(1, rowSize);
        FloatBuffer host = Finiteness.onHost(rowIndex);
        int[] next = {0};
        int stop = Finiteness.scanRows(host, rowSize, (values, firstRow, count) -> {
            assertEquals(next[0], firstRow);
            for (int i = 0; i < count * rowSize; i++) {
                assertEquals(firstRow + i / rowSize, values[i], 0f);
            }
            next[0] += count;
            return -1;
        });
        assertEquals(-1, stop);
        assertEquals(rows, next[0]);
        assertEquals(rows - 2, Finiteness.scanRows(host, rowSize,
                (values, firstRow, count) -> firstRow + count >= rows - 1 ? rows - 2 : -1));
    }

    @Test
    void longRowsAreScannedOneAtATime() {
        int rowSize = Finiteness.HOST_ELEMENTS + 7;
        NDArray rowIndex = manager.arange(0f, 3f, 1f, DataType.FLOAT32).reshape(3, 1).repeat(1, rowSize);
        int[] seen = {0};
        Finiteness.scanRows(Finiteness.onHost(rowIndex), rowSize, (values, firstRow, count) -> {
            assertEquals(1, count);
            assertEquals(firstRow, values[rowSize - 1], 0f);
            seen[0]++;
            return -1;
        });
        assertEquals(3, seen[0]);
    }

    @Test
    void aViewIsReadInItsLogicalOrder() {
        NDArray transposed = manager.arange(0f, 12f, 1f, DataType.FLOAT32).reshape(4, 3).transpose();
        float[] expected = transposed.toFloatArray();
        FloatBuffer host = Finiteness.onHost(transposed);
        float[] actual = new float[expected.length];
        host.get(0, actual);
        assertArrayEquals(expected, actual);
    }
}
