package org.imle4j.samples.pyepo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imle4j.samples.Samples;
import org.imle4j.samples.pyepo.DflExperiment.MethodResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The knapsack command end to end on a tiny configuration: the JSON's methods, caching entries and their sanity. */
class PyEpoKnapsackCommandTest {
    private static final List<String> NAMES = List.of("AIMLE", "I-MLE", "DBB", "STE", "PFY", "SPO+", "2-stage MSE");
    private static final List<String> LAYER_NAMES = List.of("AIMLE", "I-MLE", "DBB", "STE");

    @TempDir
    Path out;

    @Test
    void everyMethodReportsRegretAndTimesAtEachSolveRatio() throws IOException {
        PyEpoKnapsackCommand.Report report = run("mip", "aimle,imle,dbb,ste,pfy,spo+,mse", "1,0.3");
        assertEquals(NAMES, report.methods().stream().map(MethodResult::name).toList());
        assertEquals(2 * LAYER_NAMES.size(), report.caching().size());
        for (MethodResult result : report.methods()) {
            assertEquals(1.0, result.solveRatio());
            check(result);
            assertEquals(result.name().equals("2-stage MSE"), result.solverSeconds() == 0, result.toString());
        }
        for (MethodResult result : report.caching()) {
            assertTrue(LAYER_NAMES.contains(result.name()), result.toString());
            check(result);
            assertTrue(result.solverSeconds() > 0, result.toString());
        }
        assertTrue(Files.size(out.resolve("mip").resolve("pyepo-knapsack-e0.5.png")) > 5000);
    }

    @Test
    void theCpSatLayerTrainsToo() throws IOException {
        PyEpoKnapsackCommand.Report report = run("cp-sat", "aimle", "1");
        assertEquals("cp-sat", report.solver());
        assertEquals(List.of("AIMLE"), report.methods().stream().map(MethodResult::name).toList());
        check(report.methods().get(0));
        assertTrue(report.methods().get(0).solverSeconds() > 0);
    }

    private PyEpoKnapsackCommand.Report run(String solver, String methods, String ratios) throws IOException {
        Path folder = out.resolve(solver);
        int exit = new CommandLine(new Samples()).execute("pyepo-knapsack", "--out", folder.toString(), "--seed", "2",
                "--seeds", "1", "--items", "6", "--train", "8", "--test", "8", "--epochs", "1", "--batch", "8",
                "--solve-ratio", ratios, "--solver", solver, "--estimators", methods);
        assertEquals(0, exit);
        return new Gson().fromJson(Files.readString(folder.resolve("pyepo-knapsack.json")),
                PyEpoKnapsackCommand.Report.class);
    }

    /** Regret of a maximiser with positive values lies in [0, 1]; one seed has no spread; times are positive. */
    private static void check(MethodResult result) {
        assertTrue(result.regretMean() >= 0 && result.regretMean() <= 1, result.toString());
        assertEquals(0, result.regretSd(), 0, result.toString());
        assertTrue(result.trainingSeconds() > 0 && Double.isFinite(result.trainingSeconds()), result.toString());
        assertTrue(result.solverSeconds() >= 0 && Double.isFinite(result.solverSeconds()), result.toString());
    }

    @Test
    void rejectsASolveRatioOfZeroAndAnUnknownSolver() {
        assertEquals(2, new CommandLine(new Samples()).execute("pyepo-knapsack", "--out", out.toString(),
                "--solve-ratio", "1,0"));
        assertEquals(2, new CommandLine(new Samples()).execute("pyepo-knapsack", "--out", out.toString(),
                "--solver", "gurobi"));
    }
}
