package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A solution cache in front of an expensive solver (Mandi et al. 2020; PyEPO's {@code solve_ratio}): each instance
 * is solved with probability p; the others get the best solution seen so far, {@code argmax ⟨z, θ⟩} over the cache
 * (argmin for a minimiser), computed on the device with one matrix product.
 *
 * <p>Every solution the solver returns joins the cache (without duplicates); the cache keeps the most recent
 * {@code capacity} distinct solutions. Instances must not depend on extra inputs: a cached solution was found for
 * another example's inputs.
 */
public final class CachingSolver implements BatchSolver {
    private final BatchSolver solver;
    private final double solveRatio;
    private final boolean minimizing;
    private final int capacity;
    private final Map<Solution, Boolean> solutions = new LinkedHashMap<>();
    private NDManager cacheManager;
    private NDArray cache;

    /**
     * Wraps a solver.
     *
     * @param solver the solver called for the instances drawn to be solved
     * @param solveRatio probability p that an instance is solved rather than looked up, in (0, 1]
     * @param minimizing whether the solver minimises ⟨z, θ⟩
     * @param capacity the most distinct solutions kept, at least 1
     * @throws IllegalArgumentException if {@code solveRatio} is outside (0, 1] or {@code capacity} is below 1
     */
    public CachingSolver(BatchSolver solver, double solveRatio, boolean minimizing, int capacity) {
        if (!(solveRatio > 0 && solveRatio <= 1)) {
            throw new IllegalArgumentException("solveRatio must be in (0, 1], but was " + solveRatio);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        }
        this.solver = solver;
        this.solveRatio = solveRatio;
        this.minimizing = minimizing;
        this.capacity = capacity;
    }

    @Override
    public long threadNanos() {
        return solver.threadNanos();
    }

    @Override
    public boolean checksSolutions() {
        return solver.checksSolutions();
    }

    @Override
    public boolean keepsThetaIntact() {
        return solver.keepsThetaIntact();
    }

    /**
     * Number of distinct solutions in the cache.
     *
     * @return the count, in {@code [0, capacity]}
     */
    public synchronized int size() {
        return solutions.size();
    }

    @Override
    public synchronized NDArray solve(SolveRequest request) throws Exception {
        NDArray thetas = request.thetas();
        int count = request.size();
        boolean[] solveNow = drawSolves(thetas.getManager(), count);
        int[] solved = indices(solveNow, true);
        int[] lookedUp = indices(solveNow, false);
        if (lookedUp.length == 0) {
            NDArray solutions = solver.solve(request);
            remember(solutions);
            return solutions;
        }
        NDManager manager = thetas.getManager();
        Shape shape = thetas.getShape();
        long event = shape.size() / count;
        NDArray flat = thetas.reshape(count, event);
        NDArray result = manager.zeros(new Shape(count, event), thetas.getDataType());
        if (solved.length > 0) {
            NDArray rows = manager.create(solved).toType(DataType.INT64, false);
            NDArray own = solver.solve(new SolveRequest(thetas.get(rows), new NDList(), 1, request.domain(),
                    request.timeoutMillis()));
            remember(own);
            result = scatterRows(result, rows, own.toType(thetas.getDataType(), false).reshape(solved.length, event));
        }
        NDArray rows = manager.create(lookedUp).toType(DataType.INT64, false);
        NDArray candidates = cache.toDevice(thetas.getDevice(), false).toType(thetas.getDataType(), false);
        NDArray scores = flat.get(rows).matMul(candidates.transpose());
        NDArray best = minimizing ? scores.argMin(1) : scores.argMax(1);
        result = scatterRows(result, rows, candidates.get(best));
        return result.reshape(shape);
    }

    private boolean[] drawSolves(NDManager manager, int count) {
        boolean[] solveNow = new boolean[count];
        if (cache == null) {
            Arrays.fill(solveNow, true);
            return solveNow;
        }
        float[] uniform = manager.randomUniform(0f, 1f, new Shape(count)).toFloatArray();
        for (int i = 0; i < count; i++) {
            solveNow[i] = uniform[i] < solveRatio;
        }
        return solveNow;
    }

    private static int[] indices(boolean[] flags, boolean value) {
        int[] selected = new int[flags.length];
        int n = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == value) {
                selected[n++] = i;
            }
        }
        return Arrays.copyOf(selected, n);
    }

    private static NDArray scatterRows(NDArray target, NDArray rows, NDArray values) {
        long width = target.getShape().get(1);
        NDArray index = rows.expandDims(1).repeat(1, width);
        return target.scatter(index, values, 0);
    }

    private void remember(NDArray found) {
        long rows = found.getShape().get(0);
        if (rows == 0) {
            return;
        }
        long width = found.size() / rows;
        float[] values = found.toType(DataType.FLOAT32, false).toFloatArray();
        boolean changed = false;
        for (int r = 0; r < rows; r++) {
            Solution solution = new Solution(Arrays.copyOfRange(values, (int) (r * width), (int) ((r + 1) * width)));
            if (solutions.remove(solution) == null) {
                changed = true;
            }
            solutions.put(solution, Boolean.TRUE);
        }
        while (solutions.size() > capacity) {
            solutions.remove(solutions.keySet().iterator().next());
            changed = true;
        }
        if (changed || cache == null) {
            rebuild(found, width);
        }
    }

    private void rebuild(NDArray like, long width) {
        if (cacheManager == null) {
            cacheManager = NDManager.newBaseManager(like.getDevice());
        }
        float[] all = new float[(int) (solutions.size() * width)];
        int offset = 0;
        for (Solution solution : solutions.keySet()) {
            System.arraycopy(solution.values(), 0, all, offset, (int) width);
            offset += (int) width;
        }
        NDManager next = NDManager.newBaseManager(like.getDevice());
        NDArray stacked = next.create(all, new Shape(solutions.size(), width));
        cacheManager.close();
        cacheManager = next;
        cache = stacked;
    }

    /** A solution as a hashable key. */
    private record Solution(float[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Solution solution && Arrays.equals(values, solution.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }
}
