package org.imle4j.ortools;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Models built once per constraint data and kept per thread: OR-Tools' models and solvers are not thread-safe, so each
 * thread that solves (the calling thread and the solver pool's threads) builds and owns its own, and no model is ever
 * touched by two threads. A thread keeps its {@value #PER_THREAD} most recently used models, keyed by a copy of the
 * constraint data (so that a caller changing its arrays afterwards neither corrupts a model nor reuses a stale one);
 * an evicted model is released at once. A thread's models go with the thread, or with this object when it is no
 * longer reachable.
 *
 * @param <M> the model type
 */
final class PerThreadModels<M> {
    /** Models a thread keeps: one per layer (constraint data) it serves, usually one. */
    static final int PER_THREAD = 4;

    private final Function<Key, M> build;
    private final Consumer<M> release;
    private final ThreadLocal<Map<Key, M>> models;

    /**
     * Creates an empty cache.
     *
     * @param build builds the model of constraint data
     * @param release frees an evicted model's native memory
     */
    PerThreadModels(Function<Key, M> build, Consumer<M> release) {
        this.build = build;
        this.release = release;
        this.models = ThreadLocal.withInitial(() -> new LinkedHashMap<>(8, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, M> eldest) {
                if (size() > PER_THREAD) {
                    PerThreadModels.this.release.accept(eldest.getValue());
                    return true;
                }
                return false;
            }
        });
    }

    /**
     * The calling thread's model of the constraint data, built on first use.
     *
     * @param weights the weights, {@code [m][n]}; copied into the key on a miss
     * @param capacities the capacities, {@code [m]}
     * @return the model, owned by the calling thread
     */
    M get(int[][] weights, int[] capacities) {
        Map<Key, M> mine = models.get();
        Key probe = new Key(weights, capacities);
        M model = mine.get(probe);
        if (model == null) {
            Key key = probe.copy();
            model = build.apply(key);
            mine.put(key, model);
        }
        return model;
    }

    /**
     * The number of models the calling thread holds.
     *
     * @return at most {@link #PER_THREAD}
     */
    int size() {
        return models.get().size();
    }

    /** Constraint data compared by content. */
    static final class Key {
        final int[][] weights;
        final int[] capacities;
        private final int hash;

        Key(int[][] weights, int[] capacities) {
            this.weights = weights;
            this.capacities = capacities;
            this.hash = 31 * Arrays.deepHashCode(weights) + Arrays.hashCode(capacities);
        }

        Key copy() {
            int[][] rows = new int[weights.length][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = weights[i].clone();
            }
            return new Key(rows, capacities.clone());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && hash == key.hash && Arrays.deepEquals(weights, key.weights)
                    && Arrays.equals(capacities, key.capacities);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
