package org.imle4j.samples.nri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command end to end on a tiny configuration: every method trains, the record and the pictures are written. */
class NriCommandTest {
    @TempDir
    Path out;

    @Test
    void tinyRunOfEveryMethodWritesItsRecord() throws IOException {
        int exit = new CommandLine(new NriCommand()).execute("--out", out.toString(), "--seed", "2", "--train", "48",
                "--valid", "8", "--test", "8", "--epochs", "2", "--batch", "16", "--hidden", "8", "--repeats", "2",
                "--methods", Arrays.stream(GraphMethod.values()).map(GraphMethod::key).collect(Collectors.joining(",")));
        assertEquals(0, exit);
        JsonObject record = JsonParser.parseString(Files.readString(out.resolve("nri.json"))).getAsJsonObject();
        List<JsonElement> methods = record.getAsJsonArray("methods").asList();
        List<String> names = methods.stream().map(method -> method.getAsJsonObject().get("name").getAsString())
                .toList();
        assertEquals(Arrays.stream(GraphMethod.values()).map(GraphMethod::label).toList(), names);
        assertTrue(names.contains("spanning tree AIMLE central"));
        assertTrue(names.contains("independent edges Gumbel-softmax"));
        for (JsonElement element : methods) {
            JsonObject method = element.getAsJsonObject();
            for (String key : List.of("edgePrecision", "edgeRecall")) {
                double value = method.get(key).getAsDouble();
                assertTrue(value >= 0 && value <= 1, key + " " + value);
                double sd = method.get(key + "Sd").getAsDouble();
                assertTrue(sd >= 0 && sd <= 1, key + "Sd " + sd);
            }
            double elbo = method.get("elbo").getAsDouble();
            // The ELBO is a log-likelihood minus a KL divergence: finite and, with σ² = 5e-5, negative.
            assertTrue(Double.isFinite(elbo) && elbo < 0, "elbo " + elbo);
            assertTrue(Double.isFinite(method.get("elboSd").getAsDouble()));
        }
        for (JsonElement run : record.getAsJsonArray("runs")) {
            assertEquals(2, run.getAsJsonObject().getAsJsonArray("validElbo").size());
        }
        // A spanning tree or n − 1 edges: precision and recall coincide, both counting n − 1 edges per graph.
        JsonObject tree = methods.get(0).getAsJsonObject();
        assertEquals(tree.get("edgePrecision").getAsDouble(), tree.get("edgeRecall").getAsDouble(), 1e-12);
        for (String picture : List.of("nri-elbo.png", "nri-precision.png", "nri-trajectories.png")) {
            assertTrue(Files.size(out.resolve(picture)) > 1000, picture);
        }
    }

    @Test
    void mlpDecoderTrainsToo() throws IOException {
        int exit = new CommandLine(new NriCommand()).execute("--out", out.toString(), "--no-forces",
                "--no-edge-messages", "--methods", "tree-aimle-forward", "--train", "32", "--valid", "8", "--test", "8",
                "--epochs", "1", "--batch", "16", "--hidden", "8", "--repeats", "1");
        assertEquals(0, exit);
        JsonObject method = JsonParser.parseString(Files.readString(out.resolve("nri.json"))).getAsJsonObject()
                .getAsJsonArray("methods").get(0).getAsJsonObject();
        assertTrue(Double.isFinite(method.get("elbo").getAsDouble()));
        double precision = method.get("edgePrecision").getAsDouble();
        assertTrue(precision >= 0 && precision <= 1, "edgePrecision " + precision);
    }

    @Test
    void edgeMessagesOfNonEdgesNeedTheMlpDecoder() {
        assertEquals(2, new CommandLine(new NriCommand()).execute("--out", out.toString(), "--no-edge-messages"));
    }

    @Test
    void precisionAndRecallCountEdgesOverAllExamples() {
        float[] truth = {1, 1, 0, 0, 1, 0};
        float[] predicted = {1, 0, 1, 1, 1, 0};
        NriCommand.Evaluation evaluation = NriCommand.precisionRecall(-1, predicted, truth);
        assertEquals(0.5, evaluation.edgePrecision(), 1e-12);
        assertEquals(2.0 / 3, evaluation.edgeRecall(), 1e-12);
        assertEquals(0, NriCommand.precisionRecall(-1, new float[6], truth).edgePrecision());
    }

    @Test
    void isASubcommandOfTheSamples() {
        assertTrue(new CommandLine(new Samples()).getSubcommands().containsKey("nri"));
    }
}
