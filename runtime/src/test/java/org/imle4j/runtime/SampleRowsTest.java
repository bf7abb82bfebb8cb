package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.function.Supplier;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.internal.SampleRows;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.loss.L2Loss;
import org.imle4j.runtime.loss.PerSampleLoss;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/**
 * A training output of {@code B·S} sample rows is scored against labels {@code [B, …]} with DJL's own losses and
 * evaluators: each label repeated for its example's S rows ({@code b·S + j}).
 */
class SampleRowsTest {
    private static final int BATCH = 4;
    private static final int FEATURES = 6;
    private static final int ITEMS = 5;
    private static final int CLASSES = 3;

    /** x → Linear(n) → top-2 layer with {@code samples} samples → Linear(outputs): [B·S, outputs]. */
    private static SequentialBlock model(int samples, int outputs) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(ITEMS).build())
                .add(TestLayer.imle(TestSolvers.topK(2)).optNoise(Noise.GUMBEL).optSamples(samples)
                        .optLambda(1000).build())
                .add(Linear.builder().setUnits(outputs).build());
    }

    /**
     * The trainer's loss against labels [B, …] equals the configured loss against the labels repeated by hand, and
     * the gradients it produces are the same bit for bit.
     */
    private static void assertLossScoresEachSampleRow(Loss loss, int outputs, Supplier<NDArray> labelsOf) {
        Engine.getInstance().setRandomSeed(5);
        int samples = 3;
        try (Model model = Model.newInstance("sample-rows")) {
            model.setBlock(model(samples, outputs));
            try (Trainer trainer = new ImleTrainer(model, new DefaultTrainingConfig(loss))) {
                trainer.initialize(new Shape(BATCH, FEATURES));
                NDManager manager = model.getNDManager();
                NDArray x = manager.randomNormal(new Shape(BATCH, FEATURES));
                NDArray labels = labelsOf.get();
                labels.attach(manager);
                float[] perSample;
                float[] byHand;
                Engine.getInstance().setRandomSeed(6);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(new NDList(x));
                    assertEquals(BATCH * samples, predictions.head().getShape().get(0));
                    NDArray value = trainer.getLoss().evaluate(new NDList(labels), predictions);
                    NDArray expected = loss.evaluate(new NDList(labels.repeat(0, samples)), predictions);
                    assertArrayEquals(expected.toFloatArray(), value.toFloatArray(), 0f);
                    collector.backward(value);
                }
                perSample = firstWeightGradient(model);
                model.getBlock().getParameters().forEach(p -> p.getValue().getArray().getGradient().subi(
                        p.getValue().getArray().getGradient()));
                Engine.getInstance().setRandomSeed(6);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(new NDList(x));
                    collector.backward(loss.evaluate(new NDList(labels.repeat(0, samples)), predictions));
                }
                byHand = firstWeightGradient(model);
                assertArrayEquals(byHand, perSample, 0f);
                assertTrue(absSum(perSample) > 0, "the solver layer must pass a gradient upstream");
            }
        }
    }

    private static float[] firstWeightGradient(Model model) {
        return model.getBlock().getParameters().valueAt(0).getArray().getGradient().toFloatArray();
    }

    private static float absSum(float[] values) {
        float sum = 0;
        for (float value : values) {
            sum += Math.abs(value);
        }
        return sum;
    }

    private static NDArray labels(Shape shape, DataType type, float... values) {
        return NDManager.newBaseManager().create(values, shape).toType(type, false);
    }

    @Test
    void l2LossScoresEachSampleRowAgainstItsExample() {
        assertLossScoresEachSampleRow(Loss.l2Loss(), 1,
                () -> labels(new Shape(BATCH), DataType.FLOAT32, 1, -1, 2, 0.5f));
    }

    @Test
    void l1LossScoresEachSampleRowAgainstItsExample() {
        assertLossScoresEachSampleRow(Loss.l1Loss(), 2,
                () -> labels(new Shape(BATCH, 2), DataType.FLOAT32, 1, -1, 2, 0.5f, 0, 3, -2, 1));
    }

    @Test
    void softmaxCrossEntropyScoresEachSampleRowAgainstItsExample() {
        assertLossScoresEachSampleRow(Loss.softmaxCrossEntropyLoss(), CLASSES,
                () -> labels(new Shape(BATCH), DataType.INT64, 0, 2, 1, 2));
    }

    @Test
    void sigmoidBinaryCrossEntropyScoresEachSampleRowAgainstItsExample() {
        assertLossScoresEachSampleRow(Loss.sigmoidBinaryCrossEntropyLoss(), 1,
                () -> labels(new Shape(BATCH, 1), DataType.FLOAT32, 1, 0, 0, 1));
    }

    @Test
    void hingeLossScoresEachSampleRowAgainstItsExample() {
        assertLossScoresEachSampleRow(Loss.hingeLoss(), 1,
                () -> labels(new Shape(BATCH, 1), DataType.FLOAT32, 1, -1, -1, 1));
    }

    @Test
    void stackedLayersRepeatEachLabelForTheProductOfTheirSamples() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block stacked = new SequentialBlock()
                    .add(TestLayer.imle(TestSolvers.topK(2)).optNoise(Noise.GUMBEL).optSamples(2).optLambda(1000)
                            .build())
                    .add(TestLayer.imle(TestSolvers.topK(1)).optNoise(Noise.GUMBEL).optSamples(3).optLambda(1000)
                            .build());
            NDArray theta = manager.randomNormal(new Shape(BATCH, ITEMS));
            theta.setRequiresGradient(true);
            NDArray labels = manager.arange(BATCH * ITEMS).reshape(BATCH, ITEMS).toType(DataType.FLOAT32, false);
            Loss loss = PerSampleLoss.of(Loss.l2Loss());
            try (GradientCollector collector = ImleGradientCollector.open()) {
                NDList z = stacked.forward(new ParameterStore(manager, false), new NDList(theta), true);
                assertEquals(new Shape(BATCH * 6, ITEMS), z.head().getShape());
                NDArray value = loss.evaluate(new NDList(labels), z);
                // Row b·6 + j belongs to example b: labels repeated six times each, not tiled.
                NDArray repeated = manager.create(new float[BATCH * 6 * ITEMS], new Shape(BATCH * 6, ITEMS));
                for (int b = 0; b < BATCH; b++) {
                    for (int j = 0; j < 6; j++) {
                        repeated.set(new NDIndex(b * 6 + j), labels.get(b));
                    }
                }
                NDArray expected = Loss.l2Loss().evaluate(new NDList(repeated), z);
                assertEquals(expected.getFloat(), value.getFloat(), 0f);
                collector.backward(value);
            }
            assertTrue(theta.getGradient().abs().sum().getFloat() > 0);
        }
    }

    @Test
    void labelsThatCannotBeMatchedNameTheLayerItsSamplesAndTheShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray theta = manager.randomNormal(new Shape(BATCH, ITEMS));
            Loss loss = PerSampleLoss.of(Loss.l2Loss());
            try (GradientCollector collector = ImleGradientCollector.open()) {
                NDArray z = Layers.train(TestLayer.imle(TestSolvers.topK(2)).optSamples(3).build(), theta);
                NDArray labels = manager.zeros(new Shape(5, ITEMS));
                IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                        () -> loss.evaluate(new NDList(labels), new NDList(z)));
                String message = error.getMessage();
                for (String fragment : List.of("TestLayer", "S = 3", "(4, 5)", "(12, 5)", "(5, 5)")) {
                    assertTrue(message.contains(fragment), () -> "«" + fragment + "» not in: " + message);
                }
            }
        }
    }

    @Test
    void predictionsWithoutSampleRowsKeepTheirLabels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList labels = new NDList(manager.zeros(new Shape(BATCH, 1)));
            try (GradientCollector collector = ImleGradientCollector.open()) {
                NDList predictions = new NDList(manager.ones(new Shape(BATCH, 1)));
                assertSame(labels, SampleRows.matchLabels(labels, predictions));
            }
        }
    }

    /** EasyTrain.fit with labels [B], Accuracy and a validation set, whose forward has training = false. */
    @Test
    void easyTrainFitsWithStandardLossesEvaluatorsAndValidation() throws Exception {
        Engine.getInstance().setRandomSeed(8);
        int examples = 64;
        try (Model model = Model.newInstance("fit")) {
            model.setBlock(model(4, CLASSES));
            NDManager manager = model.getNDManager();
            NDArray x = manager.randomNormal(new Shape(examples, FEATURES));
            NDArray zero = Scalars.of(x, 0);
            NDArray y = x.get(":, 0").gt(zero).toType(DataType.FLOAT32, false)
                    .add(x.get(":, 1").gt(zero).toType(DataType.FLOAT32, false));
            ArrayDataset train = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(16, true).build();
            ArrayDataset validation = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(16, false)
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .addEvaluator(new Accuracy())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                    .addTrainingListeners(new EvaluatorTrainingListener());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(16, FEATURES));
                assertSame(trainer.getLoss(), trainer.getEvaluators().get(trainer.getEvaluators().size() - 1));
                EasyTrain.fit(trainer, 2, train, validation);
                TrainingResult result = trainer.getTrainingResult();
                for (String key : List.of("train_loss", "validate_loss", "train_Accuracy", "validate_Accuracy")) {
                    Float value = result.getEvaluations().get(key);
                    assertTrue(value != null && Float.isFinite(value), key + " = " + value);
                }
                float accuracy = result.getEvaluations().get("validate_Accuracy");
                assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
                assertFalse(Float.isNaN(result.getTrainLoss()));
            }
        }
    }

    /** The plain DJL recipe: l2Loss, labels [B], EasyTrain.fit with a validation set, S = 2 sample rows. */
    @Test
    void easyTrainFitsL2LossOnLabelsWithOneRowPerExample() throws Exception {
        Engine.getInstance().setRandomSeed(9);
        try (Model model = Model.newInstance("l2-fit")) {
            model.setBlock(model(2, 1));
            NDManager manager = model.getNDManager();
            NDArray x = manager.randomNormal(new Shape(32, FEATURES));
            NDArray y = x.get(":, 0");
            ArrayDataset train = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(8, true).build();
            ArrayDataset validation = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(8, false).build();
            try (Trainer trainer = new ImleTrainer(model, new DefaultTrainingConfig(new L2Loss())
                    .addTrainingListeners(new EvaluatorTrainingListener()))) {
                trainer.initialize(new Shape(8, FEATURES));
                EasyTrain.fit(trainer, 2, train, validation);
                assertTrue(Float.isFinite(trainer.getTrainingResult().getTrainLoss()));
                assertTrue(Float.isFinite(trainer.getTrainingResult().getValidateLoss()));
            }
        }
    }
}
