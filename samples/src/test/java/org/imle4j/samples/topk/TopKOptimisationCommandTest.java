package org.imle4j.samples.topk;

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

/** The command end to end, small: the grid runs every configuration, the best of each is reported and plotted. */
class TopKOptimisationCommandTest {
    @TempDir
    Path out;

    @Test
    void everyConfigurationOfTheGridRunsAndTheBestOfEachIsReported() throws IOException {
        int exit = new CommandLine(new TopKOptimisationCommand()).execute("--out", out.toString(), "--seed", "2",
                "--repeats", "2", "--steps", "6", "--samples", "1,2", "--learning-rates", "0.2,1", "--lambdas",
                "0.3,3");
        assertEquals(0, exit);
        TopKOptimisationCommand.Report report = new Gson().fromJson(
                Files.readString(out.resolve("topk-optimisation.json")), TopKOptimisationCommand.Report.class);
        // Per S: I-MLE × 2 λ, AIMLE × 2 settings, STE, DBB, relaxed top-k, SparseMAP, and SFE only at S = 2; × 2
        // learning rates.
        assertEquals(2 * (8 + 9), report.curves().size());
        for (TopKOptimisationCommand.Curve curve : report.curves()) {
            assertEquals(7, curve.meanGap().length);
            assertEquals(report.curves().get(0).initialGap(), curve.initialGap(), 1e-12, "same start for all");
            for (double gap : curve.meanGap()) {
                // E_p‖z − b‖² is at least its minimum over z: the gap is non-negative, up to rounding.
                assertTrue(Double.isFinite(gap) && gap > -1e-9, () -> curve.estimator() + ": gap " + gap);
            }
            assertTrue(curve.optimalShare() >= 0 && curve.optimalShare() <= 1);
            assertEquals(7, curve.meanMargin().length);
            assertEquals(report.curves().get(0).meanMargin()[0], curve.meanMargin()[0], 1e-12, "same start for all");
            for (double margin : curve.meanMargin()) {
                // The k-th largest score is at least the (k+1)-th.
                assertTrue(Double.isFinite(margin) && margin >= 0, () -> curve.estimator() + ": margin " + margin);
            }
        }
        List<String> atOne = report.best().stream().filter(c -> c.samples() == 1)
                .map(TopKOptimisationCommand.Curve::family).toList();
        assertEquals(List.of("I-MLE", "AIMLE (β₀=1, step 1e-4)", "AIMLE (β₀=0, step 1e-3)", "STE", "DBB λ=1",
                "relaxed top-k t=0.5", "SparseMAP"), atOne);
        assertEquals(8, report.best().stream().filter(c -> c.samples() == 2).count());
        for (TopKOptimisationCommand.Curve best : report.best()) {
            List<TopKOptimisationCommand.Curve> rivals = report.curves().stream()
                    .filter(c -> c.samples() == best.samples() && c.family().equals(best.family())).toList();
            assertEquals(best.family().equals("I-MLE") ? 4 : 2, rivals.size(), best.family());
            assertTrue(rivals.stream().allMatch(c -> c.finalGap() >= best.finalGap()), best.family());
        }
        assertTrue(curve(report, "I-MLE λ=3", 2, 1).lambda() == 3);
        for (String file : new String[] {"topk-optimisation-S1.png", "topk-optimisation-S2.png"}) {
            assertTrue(Files.size(out.resolve(file)) > 1000, file);
        }
    }

    @Test
    void marginIsTheGapBetweenTheKthAndTheNextLargestScore() {
        double[] theta = {0.5, 3, -1, 2, 2.25};
        assertEquals(0.25, TopKOptimisationCommand.margin(theta, 2), 0);
        assertEquals(0.75, TopKOptimisationCommand.margin(theta, 1), 0);
        assertEquals(1.5, TopKOptimisationCommand.margin(theta, 4), 0);
        assertEquals(0, TopKOptimisationCommand.margin(new double[] {1, 1, 0}, 1), 0);
        assertEquals(0, TopKOptimisationCommand.margin(theta, 5), 0);
    }

    @Test
    void estimatorsAreChosenByKeyAndIMleRunsOncePerLambda() throws IOException {
        int exit = new CommandLine(new TopKOptimisationCommand()).execute("--out", out.toString(), "--repeats", "1",
                "--steps", "2", "--samples", "2", "--learning-rates", "0.2", "--estimators", "ste,imle-central",
                "--lambdas", "0.3,1");
        assertEquals(0, exit);
        TopKOptimisationCommand.Report report = new Gson().fromJson(
                Files.readString(out.resolve("topk-optimisation.json")), TopKOptimisationCommand.Report.class);
        assertEquals(List.of("STE", "I-MLE central λ=0.3", "I-MLE central λ=1"),
                report.curves().stream().map(TopKOptimisationCommand.Curve::estimator).toList());
    }

    @Test
    void adaptiveIMleRunsOncePerSettingAndTargetNorm() throws IOException {
        int exit = new CommandLine(new TopKOptimisationCommand()).execute("--out", out.toString(), "--repeats", "1",
                "--steps", "2", "--samples", "2", "--learning-rates", "0.2", "--estimators", "aimle",
                "--aimle-settings", "PAPER,FAST", "--aimle-target-norms", "1,4");
        assertEquals(0, exit);
        TopKOptimisationCommand.Report report = new Gson().fromJson(
                Files.readString(out.resolve("topk-optimisation.json")), TopKOptimisationCommand.Report.class);
        // The library's target norm keeps the label it always had; another one is named.
        assertEquals(List.of("AIMLE (β₀=0, step 1e-3)", "AIMLE (β₀=0, step 1e-3, c=4)", "AIMLE (β₀=0, step 1e-2)",
                "AIMLE (β₀=0, step 1e-2, c=4)"), report.best().stream().map(TopKOptimisationCommand.Curve::family)
                .toList());
    }

    @Test
    void isASubcommandOfTheSamples() {
        assertTrue(new CommandLine(new Samples()).getSubcommands().containsKey("topk-optimisation"));
    }

    private static TopKOptimisationCommand.Curve curve(TopKOptimisationCommand.Report report, String estimator,
            int samples, double learningRate) {
        return report.curves().stream().filter(c -> c.estimator().equals(estimator) && c.samples() == samples
                && c.learningRate() == learningRate).findFirst().orElseThrow();
    }
}
