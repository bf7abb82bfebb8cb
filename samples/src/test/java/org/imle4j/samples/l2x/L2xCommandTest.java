package org.imle4j.samples.l2x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command end to end, small: a trained explainer ranks the important features first; the report is written. */
class L2xCommandTest {
    @TempDir
    Path out;

    @Test
    void explainerTrainedThroughImleFindsTheXorFeatures() throws IOException {
        int exit = new CommandLine(new L2xCommand()).execute("--out", out.toString(), "--seed", "1",
                "--datasets", "XOR", "--estimators", "IMLE", "--repeats", "1", "--train", "3000", "--test", "500",
                "--epochs", "6");
        assertEquals(0, exit);
        L2xCommand.Report report = new Gson().fromJson(Files.readString(out.resolve("l2x.json")),
                L2xCommand.Report.class);
        L2xCommand.Summary summary = report.summaries().get(0);
        assertEquals("xor", summary.dataset());
        assertEquals(1.5, summary.idealMedianRank());
        // Scores that ignore the features rank the two important ones 5.5 on average; the ideal is 1.5.
        assertTrue(summary.meanMedianRank() < 3, () -> "median rank " + summary.meanMedianRank());
        assertTrue(summary.meanAccuracy() > 0.7, () -> "accuracy " + summary.meanAccuracy());
        assertTrue(Files.size(out.resolve("l2x.png")) > 1000);
    }

    @Test
    void isASubcommandOfTheSamples() {
        assertTrue(new CommandLine(new Samples()).getSubcommands().containsKey("l2x"));
    }
}
