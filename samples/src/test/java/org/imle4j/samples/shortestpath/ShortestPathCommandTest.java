package org.imle4j.samples.shortestpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The shortest-path sample end to end on small maps, and its metrics and loss. */
class ShortestPathCommandTest {
    @TempDir
    Path out;

    @Test
    void trainingBeatsTheUntrainedNetAndWritesTheReport() throws IOException {
        int exit = new CommandLine(new Samples()).execute("shortest-path", "--out", out.toString(), "--seed", "2",
                "--grid", "10", "--maps", "512", "--test-maps", "100", "--epochs", "4", "--estimators", "aimle,ste",
                "--shown-maps", "2");
        assertEquals(0, exit);
        ShortestPathCommand.Report report = new Gson().fromJson(
                Files.readString(out.resolve("shortest-path.json")), ShortestPathCommand.Report.class);
        assertEquals(List.of("AIMLE", "STE"), report.runs().stream().map(ShortestPathCommand.Run::estimator).toList());
        for (ShortestPathCommand.Run run : report.runs()) {
            ShortestPathCommand.Evaluation before = run.untrained();
            ShortestPathCommand.Evaluation after = run.trained();
            assertEquals(4, run.epochs().size());
            // The evaluation after the last epoch is the trained net's: the listener saw the final weights.
            assertEquals(after, run.epochs().get(3).test());
            assertTrue(run.epochs().get(3).trainLoss() < run.epochs().get(0).trainLoss(),
                    () -> run.estimator() + ": training loss " + run.epochs());
            assertTrue(after.regret() < 0.3 * before.regret(),
                    () -> run.estimator() + ": regret " + before.regret() + " → " + after.regret());
            assertTrue(after.optimal() > before.optimal() + 0.3,
                    () -> run.estimator() + ": optimal paths " + before.optimal() + " → " + after.optimal());
        }
        for (String file : List.of("shortest-path-maps.png", "shortest-path-loss.png", "shortest-path-accuracy.png")) {
            assertTrue(Files.size(out.resolve(file)) > 5000, file);
        }
    }

    @Test
    void evaluationCountsExactAndOptimalPathsAndAveragesTheRegret() {
        List<WarcraftMap> maps = new WarcraftMaps(6, 2, 0.1, 11).test(2);
        WarcraftMap map = maps.get(1);
        int[][] detour = new int[6][6];
        for (int i = 0; i < 6; i++) {
            detour[i][0] = 1;
            detour[5][i] = 1;
        }
        ShortestPathCommand.Evaluation evaluation = ShortestPathCommand.evaluate(
                List.of(maps.get(0).path(), detour), maps);
        double detourRegret = (map.cost(detour) - map.optimalCost()) / map.optimalCost();
        double detourExact = Arrays.deepEquals(detour, map.path()) ? 1 : 0;
        double detourOptimal = detourRegret <= 1e-4 ? 1 : 0;
        assertEquals((1 + detourExact) / 2, evaluation.exactMatch(), 1e-12);
        assertEquals((1 + detourOptimal) / 2, evaluation.optimal(), 1e-12);
        assertEquals(detourRegret / 2, evaluation.regret(), 1e-12);
    }

    @Test
    void hammingLossSumsTheCellsAndAveragesTheBatch() {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray truth = manager.create(new float[] {1, 0, 0, 1, 1, 0, 0, 0}).reshape(2, 2, 2);
            NDArray predicted = manager.create(new float[] {0.5f, 0, 1, 1, 1, 0.25f, 0, 0}).reshape(2, 2, 2);
            predicted.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = new HammingLoss().evaluate(new NDList(truth), new NDList(predicted));
                assertEquals((1.5 + 0.25) / 2, loss.getFloat(), 1e-6);
                collector.backward(loss);
            }
            // d/dz |z − z*| = ±1 away from ties; halved by the mean over 2 maps.
            float[] gradient = predicted.getGradient().toFloatArray();
            assertEquals(-0.5f, gradient[0], 1e-6);
            assertEquals(0.5f, gradient[2], 1e-6);
            assertEquals(0.5f, gradient[5], 1e-6);
        }
    }

    @Test
    void rejectsABatchOfZero() {
        assertEquals(2, new CommandLine(new Samples()).execute("shortest-path", "--out", out.toString(),
                "--batch", "0"));
    }
}
