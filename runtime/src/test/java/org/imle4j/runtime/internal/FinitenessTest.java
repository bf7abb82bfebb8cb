package org.imle4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.imle4j.runtime.testing.ManagedTest;
import org.junit.jupiter.api.Test;

/** Small float32 arrays are checked on the host, the others on the device: both must find the same row. */
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
    void onlySmallFloat32ArraysAreCopiedToTheHost() {
        NDArray[] arrays = arrays(-1, 0);
        float[] host = Finiteness.smallOnHost(arrays[0]);
        for (int i = 0; i < 40; i++) {
            assertEquals(1f, host[i]);
        }
        assertNull(Finiteness.smallOnHost(arrays[1]));
        assertNull(Finiteness.smallOnHost(arrays[2]));
        assertNull(Finiteness.smallOnHost(manager.zeros(new Shape(0, 4))));
    }

    @Test
    void aViewIsCopiedInItsLogicalOrder() {
        NDArray transposed = manager.arange(0f, 12f, 1f, DataType.FLOAT32).reshape(4, 3).transpose();
        float[] expected = transposed.toFloatArray();
        float[] host = Finiteness.smallOnHost(transposed);
        assertArrayEquals(expected, java.util.Arrays.copyOf(host, expected.length));
    }
}
