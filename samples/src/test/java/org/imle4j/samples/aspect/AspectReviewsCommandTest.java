package org.imle4j.samples.aspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command end to end on tiny configurations: the JSON record has its keys and numbers in range. */
class AspectReviewsCommandTest {
    @TempDir
    Path out;

    @Test
    void everyMethodAndKGetsAResultOnGeneratedReviews() throws IOException {
        int exit = new CommandLine(new AspectReviewsCommand()).execute("--out", out.toString(), "--seed", "3",
                "--train", "80", "--test", "30", "--epochs", "1", "--repeats", "2", "--ks", "2,4",
                "--embedding-size", "8", "--filters", "8");
        assertEquals(0, exit);
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("aspect-reviews.json")))
                .getAsJsonObject();
        assertEquals("generated", report.get("data").getAsString());
        assertEquals("aroma", report.get("aspect").getAsString());
        JsonArray results = report.getAsJsonArray("results");
        assertEquals(5 * 2, results.size());
        Set<String> methods = new HashSet<>();
        for (JsonElement element : results) {
            JsonObject result = element.getAsJsonObject();
            methods.add(result.get("method").getAsString());
            int k = result.get("k").getAsInt();
            assertTrue(k == 2 || k == 4, "k " + k);
            assertInUnitInterval(result, "mse");
            assertInUnitInterval(result, "subsetPrecision");
            assertInUnitInterval(result, "mseSd");
            assertInUnitInterval(result, "subsetPrecisionSd");
        }
        assertEquals(Set.of("AIMLE", "I-MLE", "relaxed top-k", "STE", "L2X Concrete"), methods);
        assertEquals(5 * 2 * 2, report.getAsJsonArray("runs").size());
        for (JsonElement element : report.getAsJsonArray("baselines")) {
            JsonObject baseline = element.getAsJsonObject();
            assertTrue(baseline.get("k").getAsInt() > 0 ? inUnitInterval(baseline, "subsetPrecision")
                    : inUnitInterval(baseline, "mse"), baseline::toString);
        }
        assertTrue(Files.size(out.resolve("aspect-reviews.png")) > 1000);
    }

    @Test
    void trainsAndTestsOnFilesInTheCorpusFormat() throws IOException {
        int exit = new CommandLine(new AspectReviewsCommand()).execute("--out", out.toString(),
                "--reviews", AspectRatingFilesTest.fixture("reviews.txt").toString(),
                "--annotations", AspectRatingFilesTest.fixture("annotations.json").toString(),
                "--epochs", "1", "--repeats", "1", "--ks", "2", "--methods", "aimle", "--max-length", "24",
                "--embedding-size", "4", "--filters", "4");
        assertEquals(0, exit);
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("aspect-reviews.json")))
                .getAsJsonObject();
        assertEquals("reviews.txt, annotations.json", report.get("data").getAsString());
        assertEquals(3, report.get("trainSize").getAsInt());
        assertEquals(2, report.get("testSize").getAsInt());
        JsonObject result = report.getAsJsonArray("results").get(0).getAsJsonObject();
        assertInUnitInterval(result, "mse");
        assertInUnitInterval(result, "subsetPrecision");
    }

    @Test
    void rejectsReviewsWithoutAnnotations() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new AspectReviewsCommand()).setErr(new PrintWriter(err));
        int exit = commandLine.execute("--out", out.toString(), "--reviews", "reviews.txt");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--annotations"), err.toString());
    }

    @Test
    void isASubcommandOfTheSamples() {
        assertTrue(new CommandLine(new Samples()).getSubcommands().containsKey("aspect-reviews"));
    }

    private static void assertInUnitInterval(JsonObject object, String key) {
        assertTrue(inUnitInterval(object, key), () -> key + " of " + object);
    }

    private static boolean inUnitInterval(JsonObject object, String key) {
        double value = object.get(key).getAsDouble();
        return value >= 0 && value <= 1;
    }
}
