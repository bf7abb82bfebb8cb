package org.imle4j.ortools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.loss.L2Loss;
import org.imle4j.runtime.solve.SolverException;
import org.junit.jupiter.api.Test;

/** The generated {@code TravellingSalespersonLayer}: solving on the pool, failures by name, and training. */
class TravellingSalespersonLayerTest {

    @Test
    void thePoolsThreadsShareOneSolverAndEveryRowIsItsCheapestTour() {
        int nodes = 7;
        int batch = 24;
        TravellingSalesperson solver = TravellingSalesperson.builder().setNodes(nodes).build();
        TravellingSalespersonLayer layer = TravellingSalespersonLayer.builder().setSolver(solver).build();
        Random random = new Random(4);
        float[][] costs = new float[batch][];
        for (int b = 0; b < batch; b++) {
            costs[b] = TravellingSalespersonTest.randomCosts(random, nodes, -3f);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            layer.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(batch, costs[0].length));
            float[] tours = layer.forward(new ParameterStore(manager, false), new NDList(manager.create(costs)),
                    false).singletonOrThrow().toFloatArray();
            for (int b = 0; b < batch; b++) {
                int[] tour = new int[costs[b].length];
                for (int edge = 0; edge < tour.length; edge++) {
                    tour[edge] = Math.round(tours[b * tour.length + edge]);
                }
                TravellingSalespersonTest.assertTour(tour, nodes);
                assertEquals(BruteForce.cheapest(costs[b], nodes), TravellingSalespersonTest.cost(costs[b], tour),
                        TravellingSalespersonTest.tolerance(costs[b], nodes), "row " + b);
            }
        }
    }

    @Test
    void aTimeLimitWithoutATourFailsAsASolverExceptionNamingLayerMethodAndInstance() {
        int nodes = 30;
        TravellingSalespersonLayer layer = TravellingSalespersonLayer.builder().setSolver(
                TravellingSalesperson.builder().setNodes(nodes).optMaxSeconds(1e-9).build())
                .optSolverThreads(1).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            float[][] costs = {TravellingSalespersonTest.randomCosts(new Random(5), nodes, 0f),
                    TravellingSalespersonTest.randomCosts(new Random(6), nodes, 0f)};
            layer.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, costs[0].length));
            SolverException failure = assertThrows(SolverException.class, () -> layer.forward(
                    new ParameterStore(manager, false), new NDList(manager.create(costs)), false));
            assertEquals(0, failure.getInstance());
            String message = failure.getMessage();
            assertTrue(message.startsWith("TravellingSalespersonLayer (solver "
                    + TravellingSalesperson.class.getName() + "#tour), instance 0"), message);
            assertTrue(message.contains("status UNKNOWN"), message);
        }
    }

    @Test
    void aLinearModelTrainsThroughTheLayer() {
        int nodes = 6;
        int features = 3;
        int batch = 4;
        int edges = TravellingSalesperson.edgeCount(nodes);
        TravellingSalesperson solver = TravellingSalesperson.builder().setNodes(nodes).build();
        Random random = new Random(7);
        float[][] x = new float[batch][features];
        float[][] targets = new float[batch][];
        for (int b = 0; b < batch; b++) {
            for (int f = 0; f < features; f++) {
                x[b][f] = (float) random.nextGaussian();
            }
            int[] tour = solver.tour(TravellingSalespersonTest.randomCosts(random, nodes, 0f));
            targets[b] = new float[edges];
            for (int edge = 0; edge < edges; edge++) {
                targets[b][edge] = tour[edge];
            }
        }
        Linear linear = Linear.builder().setUnits(edges).build();
        SequentialBlock block = new SequentialBlock().add(linear).add(TravellingSalespersonLayer.builder()
                .setSolver(solver).optSumOfGammaK(nodes).optSamples(2).optOutput(Output.MEAN).build());
        try (Model model = Model.newInstance("tsp")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new L2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(batch, features));
                NDManager manager = trainer.getManager();
                Parameter weight = linear.getParameters().get("weight");
                float[] before = weight.getArray().toFloatArray();
                double gradientNorm = 0;
                for (int step = 0; step < 5; step++) {
                    NDManager stepManager = manager.newSubManager();
                    try (Batch tiny = new Batch(stepManager, new NDList(stepManager.create(x)),
                            new NDList(stepManager.create(targets)), batch, null, null, step, 5)) {
                        EasyTrain.trainBatch(trainer, tiny);
                        float[] gradient = weight.getArray().getGradient().toFloatArray();
                        for (float g : gradient) {
                            assertTrue(Float.isFinite(g), "gradient " + g);
                            gradientNorm += g * (double) g;
                        }
                        trainer.step();
                    }
                }
                assertTrue(gradientNorm > 0, "no gradient reached the linear model in 5 steps");
                float[] after = weight.getArray().toFloatArray();
                double moved = 0;
                for (int k = 0; k < after.length; k++) {
                    moved += Math.abs(after[k] - before[k]);
                }
                assertTrue(moved > 0, "the weights did not change");
                float[] predicted = trainer.evaluate(new NDList(manager.create(x))).singletonOrThrow().toFloatArray();
                for (int b = 0; b < batch; b++) {
                    int[] tour = new int[edges];
                    for (int edge = 0; edge < edges; edge++) {
                        tour[edge] = Math.round(predicted[b * edges + edge]);
                    }
                    TravellingSalespersonTest.assertTour(tour, nodes);
                }
            }
        }
    }
}
