package org.imle4j.samples.dvae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.imle4j.runtime.noise.GumbelNoise;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.samples.harness.Training;
import org.junit.jupiter.api.Test;

/** The block's two ways to the loss agree where they must, and its reconstructions are probabilities. */
class DvaeBlockTest {
    @Test
    void unperturbedSamplesGiveTheMapCodesLossWhateverTheirNumber() {
        Training.seed(5);
        DvaeBlock block = new DvaeBlock(4, 6, 2, BatchTopKLayer.builder().setK(2).build());
        try (Model model = Model.newInstance("dvae-test")) {
            model.setBlock(block);
            NDManager manager = model.getNDManager();
            block.initialize(manager, DataType.FLOAT32, new Shape(3, HandwrittenDigits.PIXELS));
            NDArray images = manager.create(HandwrittenDigits.generate(3, 9).pixels());
            ParameterStore parameters = new ParameterStore(manager, false);
            float[] map = block.forward(parameters, new NDList(images), false).singletonOrThrow().toFloatArray();
            // Zero noise: every one of the S samples is the MAP code, regrouped from [B·M·S, N] into [B·S, M·N].
            float[] sampled = block.sampledLoss(parameters, images, new GumbelNoise(), 0, 3).toFloatArray();
            assertEquals(3, map.length);
            // Float rounding of 784 summed terms: at most 784 · 6e-8 of the sum, about 5e-5 of it.
            assertArrayEquals(map, sampled, 1e-4f * map[0]);
            for (float loss : map) {
                // Cross-entropy and KL are non-negative.
                assertTrue(loss > 0 && Float.isFinite(loss), "loss " + loss);
            }
            for (float p : block.reconstruct(parameters, images).toFloatArray()) {
                assertTrue(p >= 0 && p <= 1, "probability " + p);
            }
        }
    }
}
