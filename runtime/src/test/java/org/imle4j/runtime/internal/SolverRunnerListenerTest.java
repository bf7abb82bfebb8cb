package org.imle4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.testing.ManagedTest;
import org.junit.jupiter.api.Test;

/** A runner tells its listener of each call that succeeded, with its own count and timing, and of no other. */
class SolverRunnerListenerTest extends ManagedTest {
    private static final SolverIdentity IDENTITY = new SolverIdentity("ListenedLayer", "com.example.Solvers#copy");

    @Test
    void listenerHearsTheInstancesAndTheTimeTheRunnerCounted() {
        SolverRunner runner = new SolverRunner(IDENTITY, request -> request.thetas().duplicate());
        List<long[]> heard = new ArrayList<>();
        runner.solve(manager.zeros(new Shape(6, 3)), new NDList(), 3, (n, nanos) -> heard.add(new long[] {n, nanos}));
        runner.solve(manager.zeros(new Shape(2, 3)), new NDList(), 1, (n, nanos) -> heard.add(new long[] {n, nanos}));
        assertEquals(2, heard.size());
        assertEquals(6, heard.get(0)[0]);
        assertEquals(2, heard.get(1)[0]);
        assertEquals(runner.nanos(), heard.get(0)[1] + heard.get(1)[1]);
    }

    @Test
    void listenerHearsNothingOfAFailedCall() {
        SolverRunner runner = new SolverRunner(IDENTITY, request -> manager.zeros(new Shape(1, 3)));
        List<Long> heard = new ArrayList<>();
        NDArray thetas = manager.zeros(new Shape(2, 3));
        assertThrows(SolverException.class,
                () -> runner.solve(thetas, new NDList(), 1, (n, nanos) -> heard.add(n)));
        assertEquals(List.of(), heard);
        assertEquals(1, runner.calls());
    }
}
