package org.imle4j.samples.pyepo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The TSP command end to end on a tiny configuration: every method and solve ratio is reported, in range. */
class PyEpoTspCommandTest {
    @TempDir
    Path out;

    @Test
    void everyMethodAndSolveRatioIsReportedWithFiniteRegretAndTimes() throws IOException {
        int exit = new CommandLine(new Samples()).execute("pyepo-tsp", "--out", out.toString(), "--seed", "5",
                "--nodes", "6", "--features", "3", "--seeds", "2", "--train", "12", "--test", "6", "--epochs", "1",
                "--batch", "6", "--solve-ratio", "1,0.5");
        assertEquals(0, exit);
        PyEpoTspCommand.Report report = new Gson().fromJson(Files.readString(out.resolve("pyepo-tsp.json")),
                PyEpoTspCommand.Report.class);
        // Four layer methods at both ratios, the three others once.
        assertEquals(4 * 2 + 3, report.methods().size());
        assertEquals(2 * (4 * 2 + 3), report.runs().size());
        assertEquals(0, report.unprovenTours());
        List<String> layerMethods = List.of("AIMLE", "I-MLE", "DBB", "STE (NID)");
        for (PyEpoTspCommand.MethodResult method : report.methods()) {
            String name = method.name() + " at " + method.solveRatio();
            // The solver is exact, so no predicted tour beats the optimum: regret ≥ 0 up to rounding.
            assertTrue(method.regretMean() >= -1e-6 && method.regretMean() < 10, name + " " + method.regretMean());
            assertTrue(method.regretSd() >= 0 && Double.isFinite(method.regretSd()), name);
            assertTrue(method.trainingSeconds() > 0 && Double.isFinite(method.trainingSeconds()), name);
            assertTrue(method.solverSeconds() >= 0 && Double.isFinite(method.solverSeconds()), name);
            if (layerMethods.contains(method.name()) || method.name().equals("SPO+") || method.name().equals("PFY")) {
                assertTrue(method.solverSeconds() > 0, name + " solved nothing");
            }
        }
        assertTrue(Files.size(out.resolve("pyepo-tsp-e0.5.png")) > 5000);
    }

    @Test
    void rejectsFewerThanThreeNodes() {
        assertEquals(2, new CommandLine(new Samples()).execute("pyepo-tsp", "--out", out.toString(), "--nodes",
                "2"));
    }
}
