package org.imle4j.samples.pyepo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The PyEPO command end to end, small: every method beats the untrained model, and the report is written. */
class PyEpoShortestPathCommandTest {
    @TempDir
    Path out;

    @Test
    void everyMethodBeatsTheUntrainedModelAndTheReportIsWritten() throws IOException {
        int exit = new CommandLine(new Samples()).execute("pyepo-shortest-path", "--out", out.toString(), "--seed",
                "3", "--deg", "4", "--noise-half-width", "0.5", "--seeds", "2", "--train", "500", "--test", "300",
                "--epochs", "15");
        assertEquals(0, exit);
        PyEpoShortestPathCommand.Report report = new Gson().fromJson(
                Files.readString(out.resolve("pyepo-shortest-path.json")), PyEpoShortestPathCommand.Report.class);
        assertEquals(Method.values().length, report.summaries().size());
        assertEquals(2 * Method.values().length, report.runs().size());
        for (DflExperiment.Summary summary : report.summaries()) {
            assertTrue(summary.regretMean() < 0.5 * summary.untrainedRegretMean(),
                    () -> summary.method() + ": regret " + summary.untrainedRegretMean() + " → "
                            + summary.regretMean());
        }
        assertTrue(report.summaries().stream().anyMatch(s -> s.method().equals("DPO")));
        assertEquals(Arrays.asList("AIMLE (PyEPO's rule)", "PFY", "SPO+", "NID", "DPO", "I-MLE", "DBB"),
                report.pyepoNotebookDeg4HalfWidth05Seed42().stream()
                        .map(PyEpoShortestPathCommand.NotebookFigure::method).toList());
        assertTrue(Files.size(out.resolve("pyepo-shortest-path-e0.5.png")) > 5000);
    }

    @Test
    void rejectsADegreeBelowOne() {
        assertEquals(2, new CommandLine(new Samples()).execute("pyepo-shortest-path", "--out", out.toString(),
                "--deg", "0"));
    }
}
