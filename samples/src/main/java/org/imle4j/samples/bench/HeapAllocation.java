package org.imle4j.samples.bench;

import java.lang.management.ManagementFactory;

/** Bytes allocated on the Java heap by all live threads of the process so far (HotSpot's per-thread counters). */
final class HeapAllocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private HeapAllocation() {}

    /** The sum over live threads, the solver pool's included; 0 where the JVM does not count. */
    static long total() {
        if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
            return 0;
        }
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
    }
}
