package org.imle4j.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class L2LossTest {
    @Test
    void gradientSurvivesAGarbageCollectionBetweenThePasses() throws InterruptedException {
        float[] predicted = {1f, -2f, 0.5f, 3f};
        float[] label = {0f, 1f, 0.5f, -1f};
        float weight = 0.5f;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray prediction = manager.create(predicted);
            prediction.setRequiresGradient(true);
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = new L2Loss("l2", weight).evaluate(new NDList(manager.create(label)),
                        new NDList(prediction));
                List<ByteBuffer> poison = collectAndPoisonFreedMemory();
                collector.backward(loss);
                assertEquals(20_000 * 3, poison.size());
            }
            float[] expected = new float[predicted.length];
            double value = 0;
            for (int i = 0; i < predicted.length; i++) {
                // d/dp of w·mean (y − p)² is 2w(p − y)/n.
                expected[i] = 2 * weight * (predicted[i] - label[i]) / predicted.length;
                value += weight * (label[i] - predicted[i]) * (label[i] - predicted[i]) / predicted.length;
            }
            assertEquals(value, loss.getFloat(), 1e-6);
            assertArrayEquals(expected, prediction.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rejectsANonFiniteWeight() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new L2Loss("l2", Float.NaN));
        assertEquals("the weight of the L2 loss must be finite, but was NaN", e.getMessage());
    }

    /** Collects garbage, so that Java buffers freed since are released, and fills freed native memory with NaN. */
    private static List<ByteBuffer> collectAndPoisonFreedMemory() throws InterruptedException {
        List<ByteBuffer> nanFilled = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            for (int i = 0; i < 20_000; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                buffer.putFloat(0, Float.NaN);
                nanFilled.add(buffer);
            }
        }
        return nanFilled;
    }
}
