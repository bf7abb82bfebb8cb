package org.imle4j.samples.l2x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imle4j.annotation.Noise;
import org.imle4j.samples.Samples;
import org.imle4j.samples.harness.EstimatorChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command end to end on a tiny configuration: the report's keys and the ranges of its numbers. */
class L2xCommandTest {
    @TempDir
    Path out;

    @Test
    void writesEveryDatasetAndMethodWithMetricsInRange() throws IOException {
        int exit = new CommandLine(new L2xCommand()).execute("--out", out.toString(), "--seed", "1",
                "--datasets", "XOR,SWITCH_CODE", "--estimators", "aimle,imle",
                "--train", "600", "--batch", "200", "--test", "200");
        assertEquals(0, exit);
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("l2x.json"))).getAsJsonObject();
        JsonArray datasets = report.getAsJsonArray("datasets");
        List<String> names = datasets.asList().stream().map(d -> d.getAsJsonObject().get("name").getAsString())
                .toList();
        assertEquals(List.of("xor", "xor/marginal", "switch-code", "switch-code/marginal"), names);
        for (JsonElement element : datasets) {
            JsonObject dataset = element.getAsJsonObject();
            double ideal = dataset.get("idealMedianRank").getAsDouble();
            assertEquals(dataset.get("name").getAsString().startsWith("xor") ? 1.5 : 3.0, ideal);
            assertEquals(dataset.get("name").getAsString().startsWith("switch-code"),
                    dataset.get("copies").getAsBoolean());
            inRange(dataset.get("trueMaskLeakageAccuracy").getAsDouble(), 0, 1);
            JsonArray methods = dataset.getAsJsonArray("methods");
            assertEquals(List.of("AIMLE", "I-MLE λ=100", "L2X Concrete τ=0.1"), methods.asList().stream()
                    .map(m -> m.getAsJsonObject().get("name").getAsString()).toList());
            for (JsonElement methodElement : methods) {
                JsonObject method = methodElement.getAsJsonObject();
                // A median of ranks 1 … 10 with k important features lies between the ideal and 11 − ideal.
                inRange(method.get("medianRank").getAsDouble(), ideal, 11 - ideal);
                // Pairs ranked as one keep five distinct ranks of 1 … 10, so the same bounds hold.
                double copyAware = method.get("copyAwareMedianRank").getAsDouble();
                inRange(copyAware, ideal, 11 - ideal);
                if (!dataset.get("copies").getAsBoolean()) {
                    assertEquals(method.get("medianRank").getAsDouble(), copyAware);
                }
                inRange(method.get("scoreMedianRank").getAsDouble(), ideal, 11 - ideal);
                for (String share : new String[] {"leakageAccuracy", "accuracy", "trueMaskAccuracy"}) {
                    inRange(method.get(share).getAsDouble(), 0, 1);
                }
                boolean leaks = method.get("leaks").getAsBoolean();
                assertTrue(leaks || !method.get("winsByLeaking").getAsBoolean(), "wins by leaking without leaking");
            }
        }
        assertEquals(4 * 3, report.getAsJsonArray("runs").size());
        JsonObject noise = report.getAsJsonObject("noise");
        assertEquals(List.of("aimle", "imle"), List.copyOf(noise.keySet()));
        assertEquals(List.of("GUMBEL", "SUM_OF_GAMMA"), List.of(noise.get("aimle").getAsString(),
                noise.get("imle").getAsString()));
        assertTrue(Files.size(out.resolve("l2x.png")) > 1000);
    }

    @Test
    void eachEstimatorDrawsItsAuthorsNoiseUnlessTheOptionSetsOne() {
        L2xCommand defaults = new L2xCommand();
        new CommandLine(defaults).parseArgs();
        assertEquals(List.of(Noise.GUMBEL, Noise.GUMBEL, Noise.SUM_OF_GAMMA, Noise.SUM_OF_GAMMA),
                List.of(defaults.noise(EstimatorChoice.AIMLE), defaults.noise(EstimatorChoice.AIMLE_FORWARD),
                        defaults.noise(EstimatorChoice.IMLE), defaults.noise(EstimatorChoice.STE)));
        L2xCommand chosen = new L2xCommand();
        new CommandLine(chosen).parseArgs("--noise", "SUM_OF_GAMMA");
        assertEquals(List.of(Noise.SUM_OF_GAMMA, Noise.SUM_OF_GAMMA),
                List.of(chosen.noise(EstimatorChoice.AIMLE), chosen.noise(EstimatorChoice.IMLE)));
    }

    @Test
    void isASubcommandOfTheSamples() {
        assertTrue(new CommandLine(new Samples()).getSubcommands().containsKey("l2x"));
    }

    private static void inRange(double value, double low, double high) {
        assertTrue(Double.isFinite(value) && value >= low && value <= high,
                () -> value + " outside [" + low + ", " + high + "]");
    }
}
