package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.Random;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.ImleEstimator;
import org.imle4j.runtime.imle.AdaptiveTarget;
import org.imle4j.runtime.loss.L2Loss;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolveRequest;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.TopKLayer;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linear scorer learns, through a generated solver layer and {@code EasyTrain.fit}, to pick the same k of n items
 * as a hidden linear teacher. A random scorer overlaps the teacher's choice in k·k/n items on average (40 % here).
 */
class TrainingTest {
    private static final int FEATURES = 8;
    private static final int ITEMS = 10;
    private static final int K = 4;
    private static final int EXAMPLES = 512;

    @Test
    void generatedImleLayerLearnsTopK() throws Exception {
        // The L2 loss averages over B·n entries, so dL/dz is about 1/320 per entry: λ must be large enough for
        // θ − λ·dL/dz to change the solution.
        double[] overlap = train(TopKLayer.builder().setK(K).optNoise(Noise.SUM_OF_GAMMA).optSumOfGammaK(K)
                .optSamples(4).optOutput(Output.MEAN).optEstimator(() -> Estimators.imle(200)).build(),
                TestSolvers.topK(K));
        assertTrue(overlap[0] < 0.6, "untrained overlap " + overlap[0]);
        assertTrue(overlap[1] > 0.85, "trained overlap " + overlap[1]);
    }

    @Test
    void layerWithASolutionCacheStillLearns() throws Exception {
        SolverLayer layer = BatchTopKLayer.builder().setK(K).optNoise(Noise.GUMBEL).optSamples(4)
                .optOutput(Output.MEAN).optSolutionCache(0.3, 1000).build();
        double[] overlap = train(layer, TestSolvers.topK(K));
        assertTrue(overlap[1] > 0.8, "trained overlap " + overlap[1]);
        // The runner of the uncached solver served the two evaluations and none of the training forwards, which went
        // through the cache.
        assertEquals(2, layer.getSolver().calls());
    }

    @Test
    void generatedMinimizingAimleLayerLearnsBottomK() throws Exception {
        double[] overlap = train(BottomKLayer.builder().setK(K).build(), TestSolvers.bottomK(K));
        assertTrue(overlap[0] < 0.6, "untrained overlap " + overlap[0]);
        assertTrue(overlap[1] > 0.85, "trained overlap " + overlap[1]);
    }

    /** Behind a Linear layer, the signed sum of a top-k layer's gradients is exactly zero, which DJL alone rejects. */
    @Test
    void centralTopKGradientsWhoseSignedSumIsZeroTrain() throws Exception {
        Engine.getInstance().setRandomSeed(1);
        SolverLayer layer = BatchTopKLayer.builder().setK(K).optSamples(4).optNoise(Noise.GUMBEL)
                .optDifference(Difference.CENTRAL).build();
        try (Model model = Model.newInstance("zero-sum")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(ITEMS).build()).add(layer));
            DefaultTrainingConfig config = new DefaultTrainingConfig(new L2Loss());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(8, FEATURES));
                NDManager manager = model.getNDManager();
                NDArray x = manager.randomNormal(new Shape(8, FEATURES));
                NDArray labels = manager.zeros(new Shape(8 * 4, ITEMS));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray z = trainer.forward(new NDList(x)).singletonOrThrow();
                    collector.backward(trainer.getLoss().evaluate(new NDList(labels), new NDList(z)));
                }
                NDArray weightGradient = model.getBlock().getParameters().valueAt(0).getArray().getGradient();
                assertEquals(0f, weightGradient.sum().getFloat(), 1e-5f);
                assertTrue(weightGradient.abs().sum().getFloat() > 0);
                trainer.step();
            }
        }
    }

    @Test
    void firstStepWithoutAnyGradientFailsWithAdvice() {
        try (Model model = Model.newInstance("no-gradient")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(ITEMS).build())
                    .add(BatchTopKLayer.builder().setK(K).build()));
            try (Trainer trainer = new ImleTrainer(model, new DefaultTrainingConfig(new L2Loss()))) {
                trainer.initialize(new Shape(8, FEATURES));
                IllegalStateException error = assertThrows(IllegalStateException.class, trainer::step);
                assertTrue(error.getMessage().contains("λ is large enough"), error.getMessage());
            }
        }
    }

    @Test
    void adaptiveStateSurvivesACheckpoint(@TempDir Path directory) throws Exception {
        Engine.getInstance().setRandomSeed(3);
        SolverLayer layer = BatchTopKLayer.builder().setK(K).optBetaUpdateStep(0.05).optBetaUpdateMomentum(0.5)
                .optOutput(Output.MEAN).build();
        float[][] trainedOutputs;
        try (Model model = Model.newInstance("checkpoint")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(ITEMS).build()).add(layer));
            trainOnTeacher(model, TestSolvers.topK(K), 2);
            model.save(directory, "checkpoint");
            trainedOutputs = probeOutputs(model);
        }
        AdaptiveTarget trained = adaptiveTarget(layer);
        assertTrue(trained.beta() != 1.0, "training must have moved β");

        SolverLayer restored = BatchTopKLayer.builder().setK(K).optOutput(Output.MEAN).build();
        try (Model model = Model.newInstance("checkpoint")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(ITEMS).build()).add(restored));
            model.load(directory, "checkpoint");
            float[][] restoredOutputs = probeOutputs(model);
            assertArrayEquals(trainedOutputs[0], restoredOutputs[0], "the linear layer's scores");
            assertArrayEquals(trainedOutputs[1], restoredOutputs[1], "the top-k predictions");
        }
        AdaptiveTarget loaded = adaptiveTarget(restored);
        assertEquals(trained.beta(), loaded.beta());
        assertEquals(trained.gradNorm(), loaded.gradNorm());
        assertEquals(trained.previousDelta(), loaded.previousDelta());
    }

    /** The linear layer's scores and the model's predictions on fixed inputs, which its parameters determine. */
    private static float[][] probeOutputs(Model model) {
        float[][] inputs = new float[16][FEATURES];
        Random random = new Random(7);
        for (float[] row : inputs) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        NDManager manager = model.getNDManager();
        ParameterStore parameters = new ParameterStore(manager, false);
        NDList x = new NDList(manager.create(inputs));
        SequentialBlock block = (SequentialBlock) model.getBlock();
        NDArray scores = block.getChildren().get(0).getValue().forward(parameters, x, false).singletonOrThrow();
        NDArray predictions = block.forward(parameters, x, false).singletonOrThrow();
        return new float[][] {scores.toFloatArray(), predictions.toFloatArray()};
    }

    private static AdaptiveTarget adaptiveTarget(SolverLayer layer) {
        return (AdaptiveTarget) ((ImleEstimator) layer.getEstimator()).target();
    }

    /** Overlap with the teacher before and after training, as fractions of k. */
    private static double[] train(SolverLayer layer, BatchSolver teacherSolver) throws Exception {
        Engine.getInstance().setRandomSeed(42);
        try (Model model = Model.newInstance("top-k")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(ITEMS).build()).add(layer));
            return trainOnTeacher(model, teacherSolver, 15);
        }
    }

    private static double[] trainOnTeacher(Model model, BatchSolver teacherSolver, int epochs)
            throws Exception {
        NDManager manager = model.getNDManager();
        NDArray x = manager.randomNormal(new Shape(EXAMPLES, FEATURES));
        NDArray teacher = manager.randomNormal(new Shape(FEATURES, ITEMS));
        NDArray labels = teacherSolver.solve(new SolveRequest(x.matMul(teacher), new NDList(), 1));
        DefaultTrainingConfig config = new DefaultTrainingConfig(new L2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
        try (Trainer trainer = new ImleTrainer(model, config)) {
            trainer.initialize(new Shape(1, FEATURES));
            double before = overlap(model, x, labels);
            ArrayDataset data = new ArrayDataset.Builder().setData(x).optLabels(labels).setSampling(32, true).build();
            EasyTrain.fit(trainer, epochs, data, null);
            return new double[] {before, overlap(model, x, labels)};
        }
    }

    private static double overlap(Model model, NDArray x, NDArray labels) {
        NDArray predicted = model.getBlock()
                .forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false)
                .singletonOrThrow();
        return predicted.mul(labels).sum().getFloat() / (K * (double) EXAMPLES);
    }
}
