package org.imle4j.samples.bench;

import java.util.Arrays;
import org.imle4j.samples.report.Statistics;

/**
 * A solver layer's own cost, measured against the floor (the same step without the layer) run in the same JVM, the
 * configurations of a batch size taking turns in blocks of {@value #BLOCK} steps: the floor's block, then each
 * solver's, and again.
 *
 * <p>On a virtual machine the speed of a core changes from second to second with the load on the cores it shares a
 * host with: on our 2-core machine, a B = 1 step of the layer ran about 0.33 ms for stretches of seconds and about
 * 0.57 ms for others in one and the same JVM, and a floor step 0.08 or 0.14 ms. A floor timed at another moment, in
 * another JVM, can therefore meet another machine. Blocks of a few milliseconds pair each layer block with the floor's
 * block of the same turn, and the median of their differences is the layer's cost at the machine's usual speed of the
 * moment.
 */
final class PairedFloor {
    /** Steps in each block. */
    static final int BLOCK = 10;

    private PairedFloor() {}

    /**
     * The layer's own cost: the median over blocks of the layer block's median step minus the floor block's.
     *
     * @param layerMs the layer's step times in the order run, in blocks of {@value #BLOCK} (the last may be shorter)
     * @param floorMs the floor's step times, as many, each block run in the same turn as the layer's block of the
     *     same steps
     * @return the median paired difference in ms, NaN if there are no steps
     * @throws IllegalArgumentException if the two differ in length
     */
    static double layerMs(double[] layerMs, double[] floorMs) {
        if (layerMs.length != floorMs.length) {
            throw new IllegalArgumentException("the layer ran " + layerMs.length + " steps but the floor "
                    + floorMs.length + "; the blocks must pair up");
        }
        int blocks = (layerMs.length + BLOCK - 1) / BLOCK;
        if (blocks == 0) {
            return Double.NaN;
        }
        double[] differences = new double[blocks];
        for (int block = 0; block < blocks; block++) {
            int from = block * BLOCK;
            int to = Math.min(layerMs.length, from + BLOCK);
            differences[block] = Statistics.median(Arrays.copyOfRange(layerMs, from, to))
                    - Statistics.median(Arrays.copyOfRange(floorMs, from, to));
        }
        return Statistics.median(differences);
    }
}
