package org.imle4j.runtime.solve;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A solution cache in front of an expensive solver (Mandi et al. 2020; PyEPO's {@code solve_ratio}): each instance
 * is solved with probability p; the others get the best solution seen so far, {@code argmax ⟨z, θ⟩} over the cache
 * (argmin for a minimiser), computed on the device with one matrix product.
 *
 * <p>Every solution the solver returns joins the cache (without duplicates); the cache keeps the most recently seen
 * {@code capacity} distinct solutions. Instances must not depend on extra inputs: a cached solution was found for
 * another example's inputs. The instances drawn to be solved reach the solver under their numbers in the whole call
 * ({@link SolveRequest#instanceIndex}), so that its errors name the instance the caller knows.
 *
 * <p>Memory: the solutions live on θ's device in one array of rows, which grows by doubling up to {@code capacity};
 * a call writes only the rows of the solutions it adds, an evicted solution's row taking the new one. The array
 * belongs to a sub-manager of the manager given to {@link #keepIn} (a solver layer gives the manager of its
 * training's parameter store, so the cache goes with the trainer), otherwise to a manager of the cache's own that
 * {@link #close} frees. A {@link #checkpoint} undoes what the calls after it added, for a training step that fails.
 */
public final class CachingSolver implements BatchSolver, AutoCloseable {
    /** Rows of the first device array; it doubles from there. */
    private static final int INITIAL_ROWS = 64;

    private final BatchSolver solver;
    private final double solveRatio;
    private final boolean minimizing;
    private final int capacity;
    /** Every cached solution with its row and when it was last seen. */
    private final Map<Solution, Entry> entries = new HashMap<>();
    /** The cached solutions by when they were last seen, oldest first: the next to be evicted first. */
    private final TreeMap<Long, Solution> byAge = new TreeMap<>();
    /** How to undo the changes since the oldest checkpoint still open, latest last. */
    private final List<Runnable> journal = new ArrayList<>();
    private long clock;
    private long width = -1;
    /** Rows in use: each row below holds one cached solution. */
    private int used;
    /** Whose sub-manager holds the device array; null when the cache keeps its own. */
    private NDManager parent;
    private NDManager storeManager;
    /** {@code [allocated, width]}, rows below {@link #used} in use; null until needed. */
    private NDArray store;
    /** Whether the device array no longer matches the entries, after a checkpoint was restored. */
    private boolean stale;
    /** Identifies the step whose checkpoints may still be restored. */
    private Object step;

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
        return entries.size();
    }

    /**
     * Keeps the cache's device array in a sub-manager of {@code manager} from now on, so that it is freed with
     * {@code manager} at the latest. A manager other than the previous one gets a copy of the cache (made on the next
     * call), and the previous sub-manager is closed; the same manager again changes nothing.
     *
     * @param manager the manager whose scope the cache's native memory lives in, not null
     */
    public synchronized void keepIn(NDManager manager) {
        if (manager == parent) {
            return;
        }
        releaseStore();
        parent = manager;
    }

    /**
     * Marks the state that {@code step}'s failure puts back: the returned action removes what calls made after this
     * one added to the cache and restores when each solution was last seen. A checkpoint of another step than the
     * previous one ends the previous step: its checkpoints can no longer be restored.
     *
     * @param step identifies the training step, such as its deferred backward pass; compared by identity
     * @return the undo action, to run at most once and only if {@code step} fails; run after a checkpoint of another
     *     step (threads that train one layer at once), it does nothing, and the solutions found stay cached
     */
    public synchronized Runnable checkpoint(Object step) {
        if (step != this.step) {
            journal.clear();
            this.step = step;
        }
        int mark = journal.size();
        return () -> rollBack(step, mark);
    }

    /** Frees the cache's native memory; the solutions stay known, and a later call copies them again. */
    @Override
    public synchronized void close() {
        releaseStore();
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
            NDArray own = solver.solve(request.subset(thetas.get(rows), solved));
            remember(own);
            result = scatterRows(result, rows, own.toType(thetas.getDataType(), false).reshape(solved.length, event));
        }
        NDArray rows = manager.create(lookedUp).toType(DataType.INT64, false);
        NDArray candidates = candidates(thetas.getDevice()).toType(thetas.getDataType(), false);
        NDArray scores = flat.get(rows).matMul(candidates.transpose());
        NDArray best = minimizing ? scores.argMin(1) : scores.argMax(1);
        result = scatterRows(result, rows, candidates.get(best));
        return result.reshape(shape);
    }

    private boolean[] drawSolves(NDManager manager, int count) {
        boolean[] solveNow = new boolean[count];
        if (entries.isEmpty()) {
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

    /** The cached solutions, {@code [size, width]}, on {@code device}. */
    private NDArray candidates(Device device) {
        if (stale || store == null || store.isReleased()) {
            rebuild(device);
        }
        NDArray inUse = store.get(new NDIndex(":{}", used));
        return inUse.getDevice().equals(device) ? inUse : inUse.toDevice(device, false);
    }

    /** Adds the solutions found to the cache, writing the rows of those new to it in one operation. */
    private void remember(NDArray found) {
        long rows = found.getShape().get(0);
        if (rows == 0) {
            return;
        }
        width = found.size() / rows;
        float[] values = found.toType(DataType.FLOAT32, false).toFloatArray();
        // Row of the store → row of found that it receives; a row written twice in this call keeps the last.
        Map<Integer, Integer> writes = new LinkedHashMap<>();
        for (int r = 0; r < rows; r++) {
            Solution solution = new Solution(Arrays.copyOfRange(values, (int) (r * width), (int) ((r + 1) * width)));
            Entry entry = entries.get(solution);
            if (entry != null) {
                touch(solution, entry);
            } else {
                writes.put(insert(solution), r);
            }
        }
        if (writes.isEmpty() || stale || store == null || store.isReleased()) {
            // The next lookup copies the whole cache anyway.
            return;
        }
        ensureRows(used);
        long[] target = writes.keySet().stream().mapToLong(Integer::longValue).toArray();
        long[] source = writes.values().stream().mapToLong(Integer::longValue).toArray();
        NDManager manager = found.getManager();
        try (NDArray sourceRows = manager.create(source);
                NDArray targetRows = store.getManager().create(target)) {
            NDArray added = found.reshape(rows, width).get(sourceRows).toType(DataType.FLOAT32, false)
                    .toDevice(store.getDevice(), false);
            store.set(new NDIndex("{}", targetRows), added);
        }
    }

    /** Records that {@code solution} was seen again now. */
    private void touch(Solution solution, Entry entry) {
        long seen = entry.seen;
        byAge.remove(seen);
        entry.seen = clock++;
        byAge.put(entry.seen, solution);
        record(() -> {
            byAge.remove(entry.seen);
            entry.seen = seen;
            byAge.put(seen, solution);
        });
    }

    /** Adds a new solution, evicting the one seen longest ago when full; returns its row. */
    private int insert(Solution solution) {
        Solution evicted = null;
        Entry old = null;
        int row;
        if (entries.size() == capacity) {
            evicted = byAge.pollFirstEntry().getValue();
            old = entries.remove(evicted);
            row = old.row;
        } else {
            row = used++;
        }
        Entry entry = new Entry(row, clock++);
        entries.put(solution, entry);
        byAge.put(entry.seen, solution);
        Solution gone = evicted;
        Entry goneEntry = old;
        record(() -> {
            entries.remove(solution);
            byAge.remove(entry.seen);
            if (gone != null) {
                entries.put(gone, goneEntry);
                byAge.put(goneEntry.seen, gone);
            } else {
                used--;
            }
            stale = true;
        });
        return row;
    }

    /** Journals an undo action while a step may still fail; standalone use, without checkpoints, journals nothing. */
    private void record(Runnable undo) {
        if (step != null) {
            journal.add(undo);
        }
    }

    private synchronized void rollBack(Object failedStep, int mark) {
        if (failedStep != step) {
            // Another thread's step has begun since and cleared the journal: the cache keeps what it found, which
            // are valid solutions, rather than undo that step's changes too.
            return;
        }
        for (int i = journal.size() - 1; i >= mark; i--) {
            journal.remove(i).run();
        }
    }

    /** Makes the store hold at least {@code rows} rows, doubling it; keeps the rows in use. */
    private void ensureRows(int rows) {
        long allocated = store.getShape().get(0);
        if (rows <= allocated) {
            return;
        }
        long grown = Math.min(Math.max(2 * allocated, rows), capacity);
        NDArray larger = storeManager.zeros(new Shape(grown, width), DataType.FLOAT32, store.getDevice());
        if (allocated > 0) {
            larger.set(new NDIndex(":{}", allocated), store);
        }
        store.close();
        store = larger;
    }

    /** Copies every cached solution to a new device array, in its row. */
    private void rebuild(Device device) {
        releaseStore();
        storeManager = parent != null ? parent.newSubManager(device) : NDManager.newBaseManager(device);
        long rows = Math.min(Math.max(INITIAL_ROWS, used), capacity);
        float[] all = new float[Math.toIntExact(rows * width)];
        for (Map.Entry<Solution, Entry> cached : entries.entrySet()) {
            System.arraycopy(cached.getKey().values(), 0, all, (int) (cached.getValue().row * width), (int) width);
        }
        store = storeManager.create(all, new Shape(rows, width));
        stale = false;
    }

    private void releaseStore() {
        if (storeManager != null) {
            storeManager.close();
        }
        storeManager = null;
        store = null;
    }

    /** Where a cached solution is and when it was last seen. */
    private static final class Entry {
        final int row;
        long seen;

        Entry(int row, long seen) {
            this.row = row;
            this.seen = seen;
        }
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
