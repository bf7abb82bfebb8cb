package org.imle4j.samples.bench;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the native arrays created on a manager and on every manager below it, on any thread, while counting is on.
 * Every PtNDArray registers itself with its manager when it is created ({@code attachInternal}, which puts it in
 * the manager's resource map); the census replaces that map, in the root and in each sub-manager as it is attached,
 * by one that notes each array put in it. An array that only moves between managers of the tree ({@code attach})
 * counts once; arrays created on managers outside the tree (the engine's system manager) are not seen.
 *
 * <p>This reads a protected field of DJL's {@link BaseNDManager} by reflection: no agent or bytecode library, and
 * the managers behave as before (the replacement map is a {@link ConcurrentHashMap} holding the same entries).
 */
final class ArrayCensus {
    private static final Field RESOURCES = resourcesField();

    private final Set<NDArray> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private volatile boolean counting;

    /**
     * Starts watching {@code root} and the managers below it; nothing is counted before {@link #start()}.
     *
     * @param root the manager whose tree is watched
     * @throws IllegalStateException if the manager is not a DJL {@link BaseNDManager}
     */
    ArrayCensus(NDManager root) {
        watch(root);
    }

    /** Starts counting from zero. */
    void start() {
        seen.clear();
        counting = true;
    }

    /** Stops counting and returns the number of distinct arrays created since {@link #start()}. */
    int stop() {
        counting = false;
        int count = seen.size();
        seen.clear();
        return count;
    }

    private void watch(NDManager manager) {
        if (!(manager instanceof BaseNDManager base)) {
            throw new IllegalStateException("cannot count the arrays of " + manager.getClass().getName()
                    + ": not a DJL BaseNDManager");
        }
        try {
            @SuppressWarnings("unchecked")
            ConcurrentHashMap<String, AutoCloseable> resources =
                    (ConcurrentHashMap<String, AutoCloseable>) RESOURCES.get(base);
            if (resources instanceof Watched) {
                return;
            }
            Watched watched = new Watched(resources);
            RESOURCES.set(base, watched);
            watched.values().stream().filter(NDManager.class::isInstance).map(NDManager.class::cast)
                    .forEach(this::watch);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot count the arrays of " + manager, e);
        }
    }

    private static Field resourcesField() {
        try {
            Field field = BaseNDManager.class.getDeclaredField("resources");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this DJL version's BaseNDManager has no resource map to count", e);
        }
    }

    /** A manager's resource map that notes the arrays put in it and watches the sub-managers attached to it. */
    private final class Watched extends ConcurrentHashMap<String, AutoCloseable> {
        private static final long serialVersionUID = 1L;

        Watched(ConcurrentHashMap<String, AutoCloseable> entries) {
            super(entries);
        }

        @Override
        public AutoCloseable put(String key, AutoCloseable value) {
            if (value instanceof NDArray array && counting) {
                seen.add(array);
            } else if (value instanceof NDManager manager) {
                watch(manager);
            }
            return super.put(key, value);
        }
    }
}
