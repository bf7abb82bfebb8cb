package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Warnings that would otherwise repeat every step come once per layer, through SLF4J (slf4j-simple: stderr). */
class WarningsTest {
    private NDManager manager;
    private PrintStream stderr;
    private ByteArrayOutputStream captured;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        stderr = System.err;
        captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void close() {
        System.setErr(stderr);
        manager.close();
    }

    private int occurrences(String fragment) {
        String log = captured.toString(StandardCharsets.UTF_8);
        int count = 0;
        for (int at = log.indexOf(fragment); at >= 0; at = log.indexOf(fragment, at + 1)) {
            count++;
        }
        return count;
    }

    private NDArray theta() {
        NDArray w = manager.create(new float[] {2f, 1.5f, 1f, 0.5f}).reshape(1, 4);
        w.setRequiresGradient(true);
        return w.mul(manager.create(2f));
    }

    @Test
    void unusedOutputIsReportedOncePerLayer() {
        TestLayer unused = TestLayer.imle(TestSolvers.topK(2)).optNoise(Noise.NONE).build();
        TestLayer otherUnused = TestLayer.imle(TestSolvers.topK(2)).optNoise(Noise.NONE).build();
        for (int step = 0; step < 3; step++) {
            try (GradientCollector collector = ImleGradientCollector.open()) {
                NDArray theta = theta();
                Layers.train(unused, theta);
                Layers.train(otherUnused, theta);
                collector.backward(theta.sum());
            }
        }
        assertEquals(2, occurrences("the loss does not depend on this layer's output"), captured::toString);
    }

    @Test
    void inferenceInsideACollectorIsReportedOncePerLayerWithItsName() {
        TestLayer layer = TestLayer.imle(TestSolvers.topK(2)).optNoise(Noise.NONE).build();
        for (int step = 0; step < 3; step++) {
            try (GradientCollector collector = ImleGradientCollector.open()) {
                NDArray theta = theta();
                collector.backward(Layers.infer(layer, theta).mul(theta).sum());
            }
        }
        Layers.infer(layer, theta());
        assertEquals(1, occurrences("ran with training = false inside an open imle4j gradient collector"),
                captured::toString);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("org.imle4j.runtime.testing.TestLayer#solve"));
    }
}
