package org.imle4j.samples.harness;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.Iterator;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * DJL's random sampling with a generator of its own: every epoch visits the examples in a new random order, drawn
 * from the seed alone. DJL's {@code RandomSampler} draws from the engine-wide generator, which the solver layers'
 * noise shares, so runs that should see the same order (one per estimator) would not.
 */
final class SeededSampler implements Sampler.SubSampler {
    private final Random random;

    /**
     * @param seed the seed of the orders
     */
    SeededSampler(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        long[] order = LongStream.range(0, dataset.size()).toArray();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return LongStream.of(order).iterator();
    }
}
