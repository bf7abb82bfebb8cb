package org.imle4j.runtime.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IndependentBitsTest {
    @Test
    void setsExactlyThePositiveScores() {
        float inf = Float.POSITIVE_INFINITY;
        assertArrayEquals(new int[] {1, 0, 0, 1, 0, 1}, IndependentBits.positive(new float[] {0.5f, -0.5f, 0f, inf,
                -inf, Float.MIN_VALUE}));
        assertArrayEquals(new int[0], IndependentBits.positive(new float[0]));
    }

    @Test
    void rejectsNaNWithItsIndex() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> IndependentBits.positive(new float[] {1f, Float.NaN}));
        assertEquals("theta[1] is NaN; scores must be numbers", error.getMessage());
    }
}
