package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.ExponentialFamily;
import org.imle4j.runtime.loss.L2Loss;
import org.imle4j.runtime.loss.PerSampleLoss;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/**
 * A step that fails changes nothing: after a caught failure in the forward pass, in phase 1 or in phase 2 of the
 * backward, the next good step gives bit for bit the parameters (and the estimators' state, such as adaptive I-MLE's
 * β) of a run that never tried the failed step.
 *
 * <p>Model: x → Linear → top-2 I-MLE layer (S = 2) → Linear(1), L2 loss on labels [B]. The layer's solver is called
 * once in the forward and once in the backward (the forward difference reuses the forward's solutions), so call
 * 0 of the failed step is its forward and call 1 its backward. Both runs reseed the engine before the good step, so
 * that the noise is the same whatever the failed step drew.
 */
class FailedStepTest {
    private static final int BATCH = 6;
    private static final int FEATURES = 5;
    private static final int ITEMS = 7;
    private static final int NEVER = -1;

    /** A top-2 solver that throws on its call number {@code failAt} (counted from 0). */
    private static BatchSolver failingOnCall(int failAt) {
        AtomicInteger calls = new AtomicInteger();
        BatchSolver topK = TestSolvers.topK(2);
        return request -> {
            if (calls.getAndIncrement() == failAt) {
                throw new IllegalStateException("solver crashed on purpose");
            }
            return topK.solve(request);
        };
    }

    /** The parameters after one good step, preceded by a failed attempt when {@code failAt} is not NEVER. */
    private static List<float[]> train(int failAt, boolean failingLoss) {
        return train(failAt, failingLoss, true);
    }

    /** As above; without {@code goodStep}, the parameters as initialised. */
    private static List<float[]> train(int failAt, boolean failingLoss, boolean goodStep) {
        return train(failAt, failingLoss, goodStep, 1);
    }

    /** As above, with a solution cache that solves a perturbed instance with probability {@code solveRatio} < 1. */
    private static List<float[]> train(int failAt, boolean failingLoss, boolean goodStep, double solveRatio) {
        Engine.getInstance().setRandomSeed(10);
        TestLayer layer = TestLayer.imle(failingOnCall(failAt)).optNoise(Noise.GUMBEL).optSamples(2)
                .optLambda(10).optSolutionCache(solveRatio, 100).build();
        try (Model model = Model.newInstance("failed-step")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(ITEMS).build()).add(layer)
                    .add(Linear.builder().setUnits(1).build()));
            DefaultTrainingConfig config = new DefaultTrainingConfig(new L2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(BATCH, FEATURES));
                NDManager manager = model.getNDManager();
                NDArray x = manager.randomNormal(new Shape(BATCH, FEATURES));
                NDArray y = manager.randomNormal(new Shape(BATCH));
                if (failAt != NEVER || failingLoss) {
                    assertThrows(RuntimeException.class, () -> step(trainer, x, failingLoss
                            ? manager.zeros(new Shape(BATCH + 1)) : y));
                    for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
                        NDArray gradient = parameter.getValue().getArray().getGradient();
                        assertEquals(0f, gradient.abs().sum().getFloat(), 0f,
                                parameter.getKey() + " kept a gradient of the failed step");
                    }
                }
                Engine.getInstance().setRandomSeed(11);
                if (goodStep) {
                    step(trainer, x, y);
                }
                List<float[]> parameters = new ArrayList<>();
                for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
                    parameters.add(parameter.getValue().getArray().toFloatArray());
                }
                return parameters;
            }
        }
    }

    /** One step as EasyTrain.trainBatch takes it, then the optimizer step. */
    private static void step(Trainer trainer, NDArray x, NDArray y) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(new NDList(x));
            collector.backward(trainer.getLoss().evaluate(new NDList(y), predictions));
        }
        trainer.step();
    }

    private static void assertSameParameters(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 0f, "parameter " + i);
        }
    }

    @Test
    void solverFailingInTheBackwardLeavesNoGradientBehind() {
        assertSameParameters(train(NEVER, false), train(1, false));
    }

    @Test
    void solverFailingInTheForwardLeavesNoGradientBehind() {
        assertSameParameters(train(NEVER, false), train(0, false));
    }

    /** The loss fails before phase 1 (labels that cannot be matched): nothing is applied either. */
    @Test
    void lossFailingBeforeTheBackwardLeavesNoGradientBehind() {
        assertSameParameters(train(NEVER, false), train(NEVER, true));
    }

    /**
     * What the solution cache learnt in a failed step is forgotten, whether the backward failed or the loss before
     * it: the good step then solves and looks up exactly as in a run that never tried the failed step (the first
     * step finds the cache empty and solves every instance; a cache that kept the failed step's solutions would look
     * some up instead).
     */
    @Test
    void solutionCacheForgetsWhatAFailedStepSolved() {
        List<float[]> clean = train(NEVER, false, true, 0.5);
        assertSameParameters(clean, train(1, false, true, 0.5));
        assertSameParameters(clean, train(NEVER, true, true, 0.5));
    }

    /** The good step really trains, so that equal parameters above mean something. */
    @Test
    void theGoodStepChangesTheParameters() {
        List<float[]> initial = train(NEVER, false, false);
        List<float[]> trained = train(NEVER, false);
        boolean changed = false;
        for (int i = 0; i < initial.get(0).length; i++) {
            changed |= initial.get(0)[i] != trained.get(0)[i];
        }
        assertTrue(changed, "the upstream weights must move in the good step");
    }

    /**
     * Estimator state moved by a step whose backward then fails is put back: x → Linear → AIMLE top-2 (upstream)
     * → Linear → {@code downstream} top-2 → Linear(1). Phase 2 visits the downstream layer first, which updates its
     * state (β, or the moving-average baseline), and then the upstream layer, whose solver fails on call 3: the
     * backward of step 2 (each step calls it once forward, once backward). Run A takes step 1, fails step 2 and takes a
     * good step; run B takes step 1 and the good step. Both reseed the engine before each step.
     *
     * @param downstream builds the downstream layer
     * @param uses how often the downstream layer follows the middle Linear, one right after the other: phase 2 then
     *     visits it that many times, each visit reading the state the previous one updated
     * @return per run: the parameters, then each solver layer's saved estimator state
     */
    private static List<List<byte[]>> stackedRuns(Supplier<TestLayer> downstream, int uses) {
        List<List<byte[]>> runs = new ArrayList<>();
        for (int failAt : new int[] {3, NEVER}) {
            TestLayer upstream = TestLayer.aimle(failingOnCall(failAt)).optNoise(Noise.GUMBEL).build();
            TestLayer last = downstream.get();
            List<byte[]> initial = states(upstream, last);
            try (Model model = Model.newInstance("failed-stacked-step")) {
                SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(ITEMS).build())
                        .add(upstream).add(Linear.builder().setUnits(ITEMS).build());
                for (int use = 0; use < uses; use++) {
                    block.add(last);
                }
                model.setBlock(block.add(Linear.builder().setUnits(1).build()));
                DefaultTrainingConfig config = new DefaultTrainingConfig(new L2Loss())
                        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
                try (Trainer trainer = new ImleTrainer(model, config)) {
                    Engine.getInstance().setRandomSeed(20);
                    trainer.initialize(new Shape(BATCH, FEATURES));
                    NDManager manager = model.getNDManager();
                    NDArray x = manager.randomNormal(new Shape(BATCH, FEATURES));
                    NDArray y = manager.randomNormal(new Shape(BATCH));
                    Engine.getInstance().setRandomSeed(21);
                    step(trainer, x, y);
                    if (failAt != NEVER) {
                        List<byte[]> before = states(upstream, last);
                        Engine.getInstance().setRandomSeed(22);
                        SolverException failure = assertThrows(SolverException.class, () -> step(trainer, x, y));
                        assertEquals("solver crashed on purpose", failure.getCause().getMessage());
                        List<byte[]> after = states(upstream, last);
                        for (int i = 0; i < before.size(); i++) {
                            assertArrayEquals(before.get(i), after.get(i), "layer " + i + "'s estimator state moved");
                        }
                    }
                    Engine.getInstance().setRandomSeed(23);
                    step(trainer, x, y);
                    List<byte[]> run = new ArrayList<>();
                    for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
                        NDArray array = parameter.getValue().getArray();
                        run.add(array.toByteArray());
                    }
                    List<byte[]> trained = states(upstream, last);
                    for (int i = 0; i < trained.size(); i++) {
                        assertFalse(Arrays.equals(initial.get(i), trained.get(i)),
                                "layer " + i + "'s estimator state must move, so that equal states mean something");
                    }
                    run.addAll(trained);
                    runs.add(run);
                }
            }
        }
        return runs;
    }

    private static List<byte[]> states(TestLayer... layers) {
        List<byte[]> states = new ArrayList<>();
        for (TestLayer layer : layers) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                layer.getEstimator().saveState(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            states.add(bytes.toByteArray());
        }
        return states;
    }

    private static void assertSameRuns(List<List<byte[]>> runs) {
        List<byte[]> failed = runs.get(0);
        List<byte[]> clean = runs.get(1);
        assertEquals(clean.size(), failed.size());
        for (int i = 0; i < clean.size(); i++) {
            assertArrayEquals(clean.get(i), failed.get(i), "entry " + i + " (parameters, then estimator states)");
        }
    }

    @Test
    void stackedAdaptiveLayersKeepTheirStateWhenALaterLayerFails() {
        assertSameRuns(stackedRuns(() -> TestLayer.aimle(TestSolvers.topK(2)).optNoise(Noise.GUMBEL).build(), 1));
    }

    /**
     * A layer applied twice updates β twice in one backward, the second visit's λ using the β of the first: the
     * failure puts back the β of before the step, not the one between the visits.
     */
    @Test
    void adaptiveLayerAppliedTwiceKeepsItsStateWhenALaterLayerFails() {
        assertSameRuns(stackedRuns(() -> TestLayer.aimle(TestSolvers.topK(2)).optNoise(Noise.GUMBEL).build(), 2));
    }

    @Test
    void movingAverageBaselineKeepsItsStateWhenALaterLayerFails() {
        assertSameRuns(stackedRuns(() -> TestLayer.imle(TestSolvers.topK(2)).optStructure(Structure.K_SUBSET)
                .optEstimator(() -> Estimators.scoreFunction(ExponentialFamily.kSubset(2), Baseline.movingAverage(0.5)))
                .build(), 1));
    }

    /** A hand-written loop with {@code ImleGradientCollector.open(block)} rolls back accumulated gradients too. */
    @Test
    void collectorForABlockRestoresAccumulatedGradients() {
        Engine.getInstance().setRandomSeed(12);
        TestLayer layer = TestLayer.imle(failingOnCall(3)).optNoise(Noise.GUMBEL).optSamples(2).optLambda(10).build();
        SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(ITEMS).build()).add(layer)
                .add(Linear.builder().setUnits(1).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(BATCH, FEATURES));
            block.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(BATCH, FEATURES));
            NDArray y = manager.randomNormal(new Shape(BATCH));
            Loss loss = PerSampleLoss.of(Loss.l2Loss());
            try (GradientCollector collector = ImleGradientCollector.open(block)) {
                collector.backward(loss.evaluate(new NDList(y), block.forward(store, new NDList(x), true)));
            }
            List<float[]> accumulated = new ArrayList<>();
            block.getParameters().forEach(p -> accumulated.add(p.getValue().getArray().getGradient().toFloatArray()));
            assertTrue(accumulated.stream().anyMatch(g -> g[0] != 0 || g[g.length - 1] != 0));
            try (GradientCollector collector = ImleGradientCollector.open(block)) {
                NDList predictions = block.forward(store, new NDList(x), true);
                assertThrows(RuntimeException.class,
                        () -> collector.backward(loss.evaluate(new NDList(y), predictions)));
            }
            List<float[]> after = new ArrayList<>();
            block.getParameters().forEach(p -> after.add(p.getValue().getArray().getGradient().toFloatArray()));
            assertSameParameters(accumulated, after);
        }
    }
}
