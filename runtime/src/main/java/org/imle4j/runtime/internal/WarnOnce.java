package org.imle4j.runtime.internal;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/** Remembers which layers a warning was given for, so that it is given once per layer rather than every step. */
final class WarnOnce {
    private final Set<Object> warned = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** Whether this is the first time for {@code layer} (held weakly: a discarded layer is forgotten). */
    boolean first(Object layer) {
        return warned.add(layer);
    }
}
