package org.imle4j.samples.dvae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command end to end on a tiny configuration: the record's keys and their sanity, the pictures. */
class DvaeCommandTest {
    @TempDir
    Path out;

    @Test
    void recordsEveryEstimatorsTestLossesAndThePrior() throws IOException {
        int exit = new CommandLine(new DvaeCommand()).execute("--out", out.toString(), "--seed", "2",
                "--train", "200", "--test", "50", "--epochs", "2", "--repeats", "2", "--samples", "2",
                "--estimators", "aimle,imle,ste,relaxed");
        assertEquals(0, exit);
        JsonObject record = JsonParser.parseString(Files.readString(out.resolve("dvae.json"))).getAsJsonObject();
        assertPositive(record, "priorLoss");
        assertSpread(record, "priorLossSd");
        JsonArray methods = record.getAsJsonArray("methods");
        assertEquals(List.of("AIMLE", "I-MLE λ=10", "STE", "relaxed top-k t=0.5"),
                methods.asList().stream().map(method -> method.getAsJsonObject().get("name").getAsString()).toList());
        for (var element : methods) {
            JsonObject method = element.getAsJsonObject();
            // Cross-entropy and KL are both non-negative; a finite loss means no step diverged.
            assertPositive(method, "testLoss");
            assertPositive(method, "testLossSampled");
            assertSpread(method, "testLossSd");
            assertSpread(method, "testLossSampledSd");
        }
        JsonArray runs = record.getAsJsonArray("runs");
        assertEquals(8, runs.size());
        for (var element : runs) {
            assertEquals(2, element.getAsJsonObject().getAsJsonArray("testLossCurve").size());
        }
        for (String file : List.of("dvae.png", "dvae-aimle.png", "dvae-i-mle-10.png", "dvae-ste.png",
                "dvae-relaxed-top-k-t-0.5.png")) {
            assertTrue(Files.size(out.resolve(file)) > 1000, file);
        }
    }

    @Test
    void everyEstimatorOfARepeatStartsFromTheSameWeights() throws IOException {
        new CommandLine(new DvaeCommand()).execute("--out", out.toString(), "--train", "100", "--test", "20",
                "--epochs", "1", "--repeats", "1", "--samples", "1", "--estimators", "imle,ste");
        JsonArray runs = JsonParser.parseString(Files.readString(out.resolve("dvae.json"))).getAsJsonObject()
                .getAsJsonArray("runs");
        assertEquals(runs.get(0).getAsJsonObject().get("priorLoss").getAsDouble(),
                runs.get(1).getAsJsonObject().get("priorLoss").getAsDouble());
    }

    @Test
    void rejectsAGroupSizeBelowK() {
        StringWriter errors = new StringWriter();
        int exit = new CommandLine(new DvaeCommand()).setErr(new PrintWriter(errors))
                .execute("--out", out.toString(), "--n", "5", "--k", "10");
        assertEquals(2, exit);
        assertTrue(errors.toString().contains("--k must be between 1 and --n = 5, but was 10"), errors.toString());
    }

    @Test
    void rejectsANoiseTheSampledEvaluationCannotDraw() {
        StringWriter errors = new StringWriter();
        int exit = new CommandLine(new DvaeCommand()).setErr(new PrintWriter(errors))
                .execute("--out", out.toString(), "--noise", "GAUSSIAN");
        assertEquals(2, exit);
        assertTrue(errors.toString().contains("--noise must be SUM_OF_GAMMA or GUMBEL"), errors.toString());
    }

    @Test
    void isASubcommandOfTheSamples() {
        assertTrue(new CommandLine(new Samples()).getSubcommands().containsKey("dvae"));
    }

    private static void assertPositive(JsonObject object, String key) {
        double value = object.get(key).getAsDouble();
        assertTrue(Double.isFinite(value) && value > 0, () -> key + " = " + value);
    }

    private static void assertSpread(JsonObject object, String key) {
        double value = object.get(key).getAsDouble();
        assertTrue(Double.isFinite(value) && value >= 0, () -> key + " = " + value);
    }
}
