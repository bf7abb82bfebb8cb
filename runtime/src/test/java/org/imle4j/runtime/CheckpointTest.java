package org.imle4j.runtime;

import static org.imle4j.runtime.testing.Failures.assertThrowsMentioning;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.estimator.ImleEstimator;
import org.imle4j.runtime.imle.AdaptiveTarget;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints load only into a layer with the estimator that wrote them, and only when intact and valid. */
class CheckpointTest extends ManagedTest {
    private static final Shape INPUT = new Shape(4, 6);

    private static TestLayer imle() {
        return TestLayer.imle(TestSolvers.topK(2)).optSamples(2).build();
    }

    private static TestLayer aimle() {
        return TestLayer.aimle(TestSolvers.topK(2)).optSamples(2).optTargetNorm(3).build();
    }

    private <B extends Block> B initialized(B block) {
        block.initialize(manager, DataType.FLOAT32, INPUT);
        return block;
    }

    private static byte[] save(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    private void load(Block block, byte[] bytes) throws IOException, MalformedModelException {
        block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    private static MalformedModelException assertRefused(Executable load, String... fragments) {
        MalformedModelException error = assertThrowsMentioning(MalformedModelException.class, load, fragments);
        assertTrue(error.getMessage().contains("TestLayer (solver org.imle4j.runtime.testing.TestLayer#solve)"),
                error.getMessage());
        return error;
    }

    private SequentialBlock model(TestLayer layer, boolean layerLast) {
        SequentialBlock model = new SequentialBlock();
        Linear linear = Linear.builder().setUnits(6).build();
        if (layerLast) {
            model.add(linear).add(layer);
        } else {
            model.add(layer).add(linear);
        }
        return initialized(model);
    }

    /** Trains the layer for {@code steps} steps of a fixed loss, each step with its own seed. */
    private float[] train(TestLayer layer, int steps, int firstSeed) {
        NDArray theta = manager.create(new float[] {0.3f, -1.2f, 2.0f, 0.1f, 0.7f, -0.4f}).reshape(1, 6)
                .repeat(0, 4);
        NDArray c = manager.create(new float[] {1, -2, 0.5f, 3, 0, -1});
        float[] outputs = new float[0];
        for (int step = 0; step < steps; step++) {
            Engine.getInstance().setRandomSeed(firstSeed + step);
            NDArray trainable = theta.duplicate();
            trainable.setRequiresGradient(true);
            try (GradientCollector collector = ImleGradientCollector.open()) {
                NDArray z = Layers.train(layer, trainable);
                collector.backward(z.mul(c).sum());
            }
            float[] gradient = trainable.getGradient().toFloatArray();
            float[] joined = Arrays.copyOf(outputs, outputs.length + gradient.length);
            System.arraycopy(gradient, 0, joined, outputs.length, gradient.length);
            outputs = joined;
        }
        return outputs;
    }

    private static AdaptiveTarget target(TestLayer layer) {
        return (AdaptiveTarget) ((ImleEstimator) layer.getEstimator()).target();
    }

    private static long[] stateBits(TestLayer layer) {
        AdaptiveTarget target = target(layer);
        return new long[] {Double.doubleToRawLongBits(target.beta()), Double.doubleToRawLongBits(target.gradNorm()),
                Double.doubleToRawLongBits(target.previousDelta())};
    }

    @Test
    void adaptiveStateRoundTripsExactlyAndTrainingContinuesIdentically() throws Exception {
        TestLayer trained = initialized(aimle());
        train(trained, 7, 100);
        byte[] checkpoint = save(trained);
        TestLayer restored = initialized(aimle());
        load(restored, checkpoint);
        assertArrayEquals(stateBits(trained), stateBits(restored));
        assertTrue(target(restored).beta() != 1.0, "β moved during training: " + target(restored).beta());
        float[] continued = train(trained, 5, 200);
        float[] resumed = train(restored, 5, 200);
        assertArrayEquals(continued, resumed);
        assertArrayEquals(stateBits(trained), stateBits(restored));
    }

    @Test
    void adaptiveCheckpointIsRefusedByAnImleLayer() throws Exception {
        for (boolean layerLast : new boolean[] {true, false}) {
            byte[] checkpoint = save(model(aimle(), layerLast));
            assertRefused(() -> load(model(imle(), layerLast), checkpoint),
                    "holds the state of estimator «I-MLE, target org.imle4j.runtime.imle.AdaptiveTarget»",
                    "has estimator «I-MLE, target org.imle4j.runtime.imle.FixedTarget»");
        }
    }

    @Test
    void imleCheckpointIsRefusedByAnAdaptiveLayer() throws Exception {
        for (boolean layerLast : new boolean[] {true, false}) {
            byte[] checkpoint = save(model(imle(), layerLast));
            assertRefused(() -> load(model(aimle(), layerLast), checkpoint),
                    "holds the state of estimator «I-MLE, target org.imle4j.runtime.imle.FixedTarget»",
                    "has estimator «I-MLE, target org.imle4j.runtime.imle.AdaptiveTarget»");
        }
    }

    private Path saveModel(Block block, Path folder) throws IOException {
        try (Model model = Model.newInstance("solver-model")) {
            model.setBlock(block);
            model.save(folder, "solver-model");
        }
        try (var files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".params")).findFirst().orElseThrow();
        }
    }

    private void loadModel(Block block, Path folder) throws IOException, MalformedModelException {
        try (Model model = Model.newInstance("solver-model")) {
            model.setBlock(block);
            model.load(folder, "solver-model");
        }
    }

    @Test
    void modelFilesOfAnotherEstimatorOrTruncatedAreRefused(@TempDir Path folder) throws Exception {
        Path params = saveModel(model(aimle(), true), folder);
        assertRefused(() -> loadModel(model(imle(), true), folder), "holds the state of estimator");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length - 4));
        assertRefused(() -> loadModel(model(aimle(), true), folder), "truncated");
        Files.write(params, bytes);
        loadModel(model(aimle(), true), folder);
    }

    @Test
    void truncatedCheckpointIsRefused() throws Exception {
        byte[] checkpoint = save(initialized(aimle()));
        for (int length : new int[] {1, 5, 25, checkpoint.length - 8, checkpoint.length - 1}) {
            byte[] truncated = Arrays.copyOf(checkpoint, length);
            assertRefused(() -> load(initialized(aimle()), truncated), "truncated");
        }
    }

    @Test
    void randomBytesAreRefused() {
        Random random = new Random(17);
        for (int trial = 0; trial < 200; trial++) {
            byte[] noise = new byte[1 + random.nextInt(200)];
            random.nextBytes(noise);
            assertRefused(() -> load(initialized(aimle()), noise));
        }
    }

    @Test
    void flippedBitIsRefused() throws Exception {
        byte[] checkpoint = save(initialized(aimle()));
        checkpoint[checkpoint.length - 3] ^= 0x10;
        assertRefused(() -> load(initialized(aimle()), checkpoint), "checksum");
    }

    @Test
    void checkpointOfTheFirstFormatIsRefusedWithAnExplanation() throws Exception {
        byte[] checkpoint = save(initialized(aimle()));
        checkpoint[0] = 1;
        assertRefused(() -> load(initialized(aimle()), checkpoint), "format 1", "earlier imle4j");
    }

    /** A checkpoint of the layer whose β is {@code beta}, well framed, as a tool that edits the file would write. */
    private byte[] withBeta(double beta) throws IOException {
        TestLayer layer = initialized(aimle());
        byte[] checkpoint = save(layer);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint));
        in.readByte();
        in.readUTF();
        in.readUTF();
        int length = in.readInt();
        int payloadStart = checkpoint.length - length;
        // The state is the payload's last three doubles: β, the gradient-norm average, the last change of β.
        int betaAt = checkpoint.length - 3 * Double.BYTES;
        byte[] edited = checkpoint.clone();
        long bits = Double.doubleToRawLongBits(beta);
        for (int b = 0; b < Double.BYTES; b++) {
            edited[betaAt + b] = (byte) (bits >>> (8 * (Double.BYTES - 1 - b)));
        }
        CRC32 checksum = new CRC32();
        checksum.update(edited, payloadStart, length);
        long crc = checksum.getValue();
        for (int b = 0; b < Long.BYTES; b++) {
            edited[payloadStart - Long.BYTES + b] = (byte) (crc >>> (8 * (Long.BYTES - 1 - b)));
        }
        return edited;
    }

    @Test
    void betaOutOfRangeIsRefused() throws Exception {
        byte[] valid = withBeta(0.25);
        TestLayer accepted = initialized(aimle());
        load(accepted, valid);
        assertEquals(0.25, target(accepted).beta());
        for (double beta : new double[] {Double.NaN, -5, Double.POSITIVE_INFINITY}) {
            byte[] checkpoint = withBeta(beta);
            TestLayer layer = initialized(aimle());
            assertRefused(() -> load(layer, checkpoint), "β must be finite and at least 0", String.valueOf(beta));
            assertEquals(1.0, target(layer).beta(), "β unchanged by a refused load");
        }
    }
}
