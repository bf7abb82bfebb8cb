package org.imle4j.samples.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imle4j.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command end to end, small: what the maths guarantees about its cosines, and the files it writes. */
class GradientFidelityCommandTest {
    @TempDir
    Path out;

    @Test
    void estimatesPointAlongTheExactGradientAndTheReportIsWritten() throws IOException {
        int exit = new CommandLine(new GradientFidelityCommand()).execute("--out", out.toString(), "--seed", "3",
                "--seeds", "4", "--samples", "10,1000", "--lambdas", "0.1,100", "--warm-up", "20",
                "--baseline-samples", "1,10", "--baseline-estimates", "3");
        assertEquals(0, exit);
        String json = Files.readString(out.resolve("gradient-fidelity.json"));
        assertTrue(JsonParser.parseString(json).getAsJsonObject().get("baselines").isJsonArray());
        GradientFidelityCommand.Report report = new Gson().fromJson(json, GradientFidelityCommand.Report.class);

        // Gumbel perturb-and-MAP samples Plackett–Luce top-k, not the k-subset family, but for n = 10, k = 5 the
        // gradients of the two laws nearly agree, and central differences at small λ tend to the former.
        assertTrue(report.plackettLuceCosine() > 0.97, () -> "ceiling " + report.plackettLuceCosine());
        double central = report.row("I-MLE central λ=0.1", 1000).meanCosine();
        assertTrue(central > 0.95, () -> "I-MLE central λ=0.1, S=1000: " + central);
        // Exact draws from the family with the true loss: unbiased, so S = 1000 draws point the right way.
        double scoreFunction = report.row("SFE leave-one-out", 1000).meanCosine();
        assertTrue(scoreFunction > 0.95, () -> "SFE, S=1000: " + scoreFunction);
        assertTrue(central - report.randomCosine() > 0.5,
                () -> "best " + central + " against a random direction's " + report.randomCosine());
        // SparseMAP is deterministic: the number of samples does not change its gradient, but for the float32
        // rounding of averaging S equal rows' gradients (relative 1e-7 a row).
        assertEquals(report.row("SparseMAP", 10).meanCosine(), report.row("SparseMAP", 1000).meanCosine(), 1e-6);
        assertTrue(Math.abs(report.row("SparseMAP", 10).meanCosine()) <= 1);
        // At λ = 0.1 ten samples rarely cross a decision boundary: the estimate is mostly zero.
        assertTrue(report.row("I-MLE central λ=0.1", 10).meanCosine() < central);

        for (String file : new String[] {"gradient-fidelity-lambda.png", "gradient-fidelity-samples.png"}) {
            assertTrue(Files.size(out.resolve(file)) > 1000, file);
        }
        assertBaselinesAreMeasured(report.baselines());
    }

    /** Every baseline at S = 1 and 10, in order; all measured but leave-one-out at S = 1, which needs two draws. */
    private static void assertBaselinesAreMeasured(List<BaselineComparison.Row> baselines) {
        assertEquals(List.of("none", "none", "moving average (0.9)", "moving average (0.9)", "leave-one-out",
                "leave-one-out", "self-critical", "self-critical"),
                baselines.stream().map(BaselineComparison.Row::baseline).toList());
        assertEquals(List.of(1, 10, 1, 10, 1, 10, 1, 10),
                baselines.stream().map(BaselineComparison.Row::samples).toList());
        for (BaselineComparison.Row row : baselines) {
            if (row.baseline().equals("leave-one-out") && row.samples() == 1) {
                assertTrue(Double.isNaN(row.meanSquaredError()) && Double.isNaN(row.meanCosine()));
                continue;
            }
            String what = row.baseline() + ", S=" + row.samples();
            assertTrue(Double.isFinite(row.meanSquaredError()) && row.meanSquaredError() > 0, what);
            assertTrue(Double.isFinite(row.standardError()) && row.standardError() >= 0, what);
            assertTrue(Double.isFinite(row.ratioToNone()) && row.ratioToNone() > 0, what);
            assertTrue(row.meanCosine() >= -1 && row.meanCosine() <= 1, what);
            assertTrue(Double.isFinite(row.cosineStandardError()) && row.cosineStandardError() >= 0, what);
            if (row.baseline().equals("none")) {
                assertEquals(1, row.ratioToNone(), 1e-12, what);
            }
        }
    }

    @Test
    void adaptiveIMleRunsOncePerTargetNormAndReportsItsLambda() throws IOException {
        int exit = new CommandLine(new GradientFidelityCommand()).execute("--out", out.toString(), "--seed", "3",
                "--repeats", "2", "--samples", "2", "--lambdas", "1", "--warm-up", "5", "--aimle-target-norms", "1,4",
                "--aimle-beta-step", "0.01");
        assertEquals(0, exit);
        GradientFidelityCommand.Report report = new Gson().fromJson(
                Files.readString(out.resolve("gradient-fidelity.json")), GradientFidelityCommand.Report.class);
        List<String> adaptive = report.rows().stream().filter(row -> row.family().startsWith("AIMLE"))
                .map(GradientFidelityCommand.Row::estimator).toList();
        // The library's target norm keeps the label it always had; another one is named.
        assertEquals(List.of("AIMLE forward", "AIMLE", "AIMLE forward c=4", "AIMLE c=4"), adaptive);
        for (String estimator : adaptive) {
            GradientFidelityCommand.Row row = report.row(estimator, 2);
            assertTrue(row.meanCosine() >= -1 && row.meanCosine() <= 1, estimator);
            // β₀ = 0 and five steps of 0.01: β ≤ 0.05, and λ = β·‖θ‖/‖dL/dz‖ is finite and non-negative.
            assertTrue(Double.isFinite(row.chosenLambda()) && row.chosenLambda() >= 0, estimator);
        }
    }

    @Test
    void theAimleCodeProtocolSetsWhatTheCommandLineLeavesAndMarksTheChosenLambda() throws IOException {
        int exit = new CommandLine(new GradientFidelityCommand()).execute("--out", out.toString(), "--seed", "3",
                "--protocol", "AIMLE_CODE", "--repeats", "2", "--samples", "1", "--lambdas", "1,10", "--warm-up", "5",
                "--baseline-estimates", "0");
        assertEquals(0, exit);
        GradientFidelityCommand.Report report = new Gson().fromJson(
                Files.readString(out.resolve("gradient-fidelity.json")), GradientFidelityCommand.Report.class);
        assertEquals("AIMLE_CODE", report.protocol());
        assertEquals(List.of(20, 10, "GUMBEL"), List.of(report.n(), report.k(), report.noise()));
        assertEquals(2, report.seeds());
        assertTrue(report.baselines().isEmpty());
        assertArrayEquals(new double[] {1, 10}, report.lambdas());
        // Plackett–Luce enumeration stops at n = 16: no ceiling for n = 20.
        assertTrue(Double.isNaN(report.plackettLuceCosine()));
        for (GradientFidelityCommand.Row row : report.rows()) {
            assertEquals(1, row.samples());
            if (Double.isNaN(row.meanCosine())) {
                // A leave-one-out baseline needs two samples: the only row left unmeasured at S = 1.
                assertEquals("SFE leave-one-out", row.estimator());
                continue;
            }
            assertTrue(row.meanCosine() >= -1 && row.meanCosine() <= 1, row.estimator());
            if (row.family().startsWith("I-MLE")) {
                // The λ the estimator reports for a pass is I-MLE's own, stored as a float.
                assertEquals(row.lambda(), row.chosenLambda(), 1e-6 * row.lambda(), row.estimator());
            } else if (row.family().startsWith("AIMLE")) {
                assertTrue(Double.isFinite(row.chosenLambda()) && row.chosenLambda() >= 0, row.estimator());
            } else {
                assertTrue(Double.isNaN(row.chosenLambda()), row.estimator());
            }
        }
        assertEquals(2, report.rows().stream().filter(row -> row.family().startsWith("AIMLE")).count());
        assertTrue(Files.size(out.resolve("gradient-fidelity-lambda.png")) > 1000);
    }

    @Test
    void isASubcommandOfTheSamples() {
        assertTrue(new CommandLine(new Samples()).getSubcommands().containsKey("gradient-fidelity"));
    }
}
