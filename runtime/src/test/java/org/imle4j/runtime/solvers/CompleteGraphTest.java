package org.imle4j.runtime.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shared edge numbering: scipy's pdist order, symmetric, and loud about pairs that are not edges. */
class CompleteGraphTest {
    @Test
    void numbersTheEdgesRowByRowAboveTheDiagonal() {
        for (int nodes = 2; nodes <= 7; nodes++) {
            int expected = 0;
            for (int i = 0; i < nodes; i++) {
                for (int j = i + 1; j < nodes; j++, expected++) {
                    assertEquals(expected, CompleteGraph.edgeIndex(i, j, nodes), i + "-" + j + " of " + nodes);
                    assertEquals(expected, CompleteGraph.edgeIndex(j, i, nodes), j + "-" + i + " of " + nodes);
                }
            }
            assertEquals(nodes * (nodes - 1) / 2, expected);
        }
    }

    @Test
    void rejectsALoopAndANodeOutsideTheGraph() {
        String loop = assertThrows(IllegalArgumentException.class, () -> CompleteGraph.edgeIndex(2, 2, 4))
                .getMessage();
        assertTrue(loop.contains("distinct"), loop);
        String outside = assertThrows(IllegalArgumentException.class, () -> CompleteGraph.edgeIndex(1, 4, 4))
                .getMessage();
        assertTrue(outside.contains("[0, 4)"), outside);
        assertThrows(IllegalArgumentException.class, () -> CompleteGraph.edgeIndex(-1, 0, 4));
    }
}
