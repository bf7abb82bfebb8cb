package org.imle4j.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.loss.L2Loss;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, as written there: a generated layer between two DJL blocks, the default
 * {@code Output.SAMPLES} (B·S rows while training) against labels {@code [B, 1]}, trained by {@code EasyTrain.fit}
 * with a validation set and no code that repeats labels.
 */
class QuickStartTest {
    private static final int EXAMPLES = 128;
    private static final int FEATURES = 64;

    @Test
    void theQuickStartTrainsOnLabelsOfOneRowPerExample() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        try (Model model = Model.newInstance("explainer")) {
            SequentialBlock net = new SequentialBlock()
                    .add(Linear.builder().setUnits(256).build())
                    .add(TopWordsLayer.builder().setK(16).build())
                    .add(Linear.builder().setUnits(1).build());
            model.setBlock(net);
            NDManager manager = model.getNDManager();
            NDArray x = manager.randomNormal(new Shape(EXAMPLES, FEATURES));
            NDArray y = x.get(":, 0:4").sum(new int[] {1}, true);
            ArrayDataset train = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(32, true).build();
            ArrayDataset validation =
                    new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(32, false).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(new L2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(32, FEATURES));
                float before = validationLoss(trainer, x, y);
                EasyTrain.fit(trainer, 8, train, validation);
                float after = validationLoss(trainer, x, y);
                assertTrue(after < 0.8f * before,
                        "validation loss should fall by a fifth at least: " + before + " -> " + after);
            }
        }
    }

    private static float validationLoss(Trainer trainer, NDArray x, NDArray y) {
        NDArray prediction = trainer.evaluate(new NDList(x)).singletonOrThrow();
        return Loss.l1Loss().evaluate(new NDList(y), new NDList(prediction)).getFloat();
    }
}
