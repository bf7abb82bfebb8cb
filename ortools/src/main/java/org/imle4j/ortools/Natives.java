package org.imle4j.ortools;

import com.google.ortools.Loader;

/** Loads OR-Tools' native libraries once per class loader, the first time a solver class needs them. */
final class Natives {
    static {
        Loader.loadNativeLibraries();
    }

    private Natives() {
    }

    /** Makes sure the native libraries are loaded: the first call loads them, later calls do nothing. */
    static void load() {
        // The static initialiser has run by the time this body does.
    }
}
