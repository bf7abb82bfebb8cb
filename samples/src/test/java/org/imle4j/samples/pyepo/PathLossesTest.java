package org.imle4j.samples.pyepo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.imle4j.annotation.Objective;
import org.imle4j.runtime.solvers.GridDagShortestPath;
import org.imle4j.samples.pyepo.ShortestPathData.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPO+ and the regret loss against their closed forms on generated costs. */
class PathLossesTest {
    private static final int BATCH = 6;
    private static final int ARCS = 40;

    private NDManager manager;
    private Samples samples;

    @BeforeEach
    void open() {
        Engine.getInstance();
        manager = NDManager.newBaseManager();
        samples = new ShortestPathData(5, 5, 5, 4, 0.5, 21).next(BATCH);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void spoPlusIsZeroAtTheTrueCostsAndBoundsTheRegretFromAbove() {
        assertEquals(0, spoPlus(samples.costs()).value(), 1e-5);
        Random random = new Random(22);
        for (int trial = 0; trial < 5; trial++) {
            float[][] predicted = new float[BATCH][ARCS];
            double regret = 0;
            for (int b = 0; b < BATCH; b++) {
                for (int j = 0; j < ARCS; j++) {
                    predicted[b][j] = (float) random.nextGaussian();
                }
                regret += DflDataset.dot(samples.costs()[b], GridDagShortestPath.arcs(predicted[b], 5, 5))
                        - samples.optima()[b];
            }
            double value = spoPlus(predicted).value();
            assertTrue(value >= regret / BATCH - 1e-5, "SPO+ " + value + " < regret " + regret / BATCH);
        }
    }

    @Test
    void spoPlusGradientIsTwiceTheOptimalMinusTheSurrogatePathOverTheBatch() {
        Random random = new Random(23);
        float[][] predicted = new float[BATCH][ARCS];
        for (float[] row : predicted) {
            for (int j = 0; j < ARCS; j++) {
                row[j] = (float) (0.5 + random.nextGaussian());
            }
        }
        float[] gradient = spoPlus(predicted).gradient();
        for (int b = 0; b < BATCH; b++) {
            float[] shifted = new float[ARCS];
            for (int j = 0; j < ARCS; j++) {
                shifted[j] = 2 * predicted[b][j] - samples.costs()[b][j];
            }
            int[] surrogate = GridDagShortestPath.arcs(shifted, 5, 5);
            for (int j = 0; j < ARCS; j++) {
                assertEquals(2.0 * (samples.paths()[b][j] - surrogate[j]) / BATCH, gradient[b * ARCS + j], 1e-6);
            }
        }
    }

    @Test
    void regretLossIsTheMeanExcessCostAndItsGradientTheCostsOverTheBatch() {
        float[][] chosen = new float[BATCH][ARCS];
        double regret = 0;
        for (int b = 0; b < BATCH; b++) {
            float[] reversed = samples.costs()[b].clone();
            for (int j = 0; j < ARCS; j++) {
                reversed[j] = -reversed[j];
            }
            int[] path = GridDagShortestPath.arcs(reversed, 5, 5);
            for (int j = 0; j < ARCS; j++) {
                chosen[b][j] = path[j];
            }
            regret += DflDataset.dot(samples.costs()[b], path) - samples.optima()[b];
        }
        NDArray z = manager.create(chosen);
        z.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = new RegretLoss(Objective.MINIMIZE).evaluate(new NDList(costs(), paths()), new NDList(z));
            assertEquals(regret / BATCH, loss.getFloat(), 1e-5);
            collector.backward(loss);
        }
        float[] gradient = z.getGradient().toFloatArray();
        for (int b = 0; b < BATCH; b++) {
            for (int j = 0; j < ARCS; j++) {
                assertEquals(samples.costs()[b][j] / BATCH, gradient[b * ARCS + j], 1e-6);
            }
        }
    }

    private Evaluation spoPlus(float[][] predicted) {
        NDArray prediction = manager.create(predicted);
        prediction.setRequiresGradient(true);
        float value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = new SpoPlusLoss(costs -> GridDagShortestPath.arcs(costs, 5, 5), Objective.MINIMIZE).evaluate(new NDList(costs(), paths()), new NDList(prediction));
            value = loss.getFloat();
            collector.backward(loss);
        }
        return new Evaluation(value, prediction.getGradient().toFloatArray());
    }

    private NDArray costs() {
        return manager.create(samples.costs());
    }

    private NDArray paths() {
        float[] flat = new float[BATCH * ARCS];
        for (int b = 0; b < BATCH; b++) {
            for (int j = 0; j < ARCS; j++) {
                flat[b * ARCS + j] = samples.paths()[b][j];
            }
        }
        return manager.create(flat, new Shape(BATCH, ARCS));
    }

    private record Evaluation(float value, float[] gradient) {}
}
