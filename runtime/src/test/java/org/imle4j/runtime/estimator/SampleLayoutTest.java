package org.imle4j.runtime.estimator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.testing.ManagedTest;
import org.junit.jupiter.api.Test;

/** The sample layout [B, S, M, …] of B = 2 examples, S = 3 samples, M = 2 marginal samples and events of 2 entries. */
class SampleLayoutTest extends ManagedTest {
    private static final Shape EVENT = new Shape(2);

    private static SampleLayout layout(Output output) {
        return new SampleLayout(2, 3, 2, EVENT, output);
    }

    private NDArray samples() {
        return manager.arange(24f).reshape(2, 3, 2, 2);
    }

    @Test
    void shapesOfSamplesAndOfTheOutputGradient() {
        assertEquals(new Shape(2, 3, 2, 2), layout(Output.SAMPLES).sampleShape());
        assertEquals(new Shape(2, 3, 1, 2), layout(Output.SAMPLES).gradientShape());
        assertEquals(new Shape(2, 1, 1, 2), layout(Output.MEAN).gradientShape());
        NDArray perExample = manager.zeros(new Shape(2, 2));
        assertEquals(new Shape(2, 1, 1, 2), layout(Output.SAMPLES).perSample(perExample).getShape());
    }

    @Test
    void outputAveragesTheMarginalSamplesAndForMeanAlsoTheSamples() {
        NDArray rows = layout(Output.SAMPLES).shapeAsOutput(samples());
        assertEquals(new Shape(6, 2), rows.getShape());
        // Row 0 is the mean of entries (0, 1) and (2, 3).
        assertArrayEquals(new float[] {1, 2}, rows.get(0).toFloatArray());
        NDArray mean = layout(Output.MEAN).shapeAsOutput(samples());
        assertEquals(new Shape(2, 2), mean.getShape());
        // Example 0 holds 0..11: the mean of its even entries is 5, of its odd ones 6.
        assertArrayEquals(new float[] {5, 6}, mean.get(0).toFloatArray());
    }

    @Test
    void differentiableOutputKeepsTheValuesAndPassesEachSampleRowOneSthOfItsGradient() {
        NDArray samples = samples();
        samples.setRequiresGradient(true);
        NDArray output;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            output = layout(Output.SAMPLES).differentiableOutput(samples);
            collector.backward(output.sum());
        }
        assertArrayEquals(layout(Output.SAMPLES).shapeAsOutput(samples()).toFloatArray(), output.toFloatArray());
        // d(output row)/d(sample entry) is 1/M from the marginal mean, then 1/S: 1/6 everywhere.
        for (float gradient : samples.getGradient().toFloatArray()) {
            assertEquals(1f / 6, gradient, 1e-7f);
        }
    }
}
