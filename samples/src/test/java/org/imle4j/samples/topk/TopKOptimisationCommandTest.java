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

/** The command end to end, small: the estimators close the optimality gap, and the report is written. */
class TopKOptimisationCommandTest {
    @TempDir
    Path out;

    @Test
    void estimatorsCloseTheGapAndTheReportIsWritten() throws IOException {
        int exit = new CommandLine(new TopKOptimisationCommand()).execute("--out", out.toString(), "--seed", "2",
                "--repeats", "4", "--steps", "40", "--lambdas", "0.3");
        assertEquals(0, exit);
        TopKOptimisationCommand.Report report = new Gson().fromJson(
                Files.readString(out.resolve("topk-optimisation.json")), TopKOptimisationCommand.Report.class);
        assertEquals(6, report.curves().size());
        for (TopKOptimisationCommand.Curve curve : report.curves()) {
            assertEquals(41, curve.meanGap().length);
            assertEquals(report.curves().get(0).initialGap(), curve.initialGap(), 1e-12, "same start for all");
        }
        for (String estimator : new String[] {"I-MLE λ=0.3", "SFE leave-one-out", "STE"}) {
            TopKOptimisationCommand.Curve curve = curve(report, estimator);
            assertTrue(curve.finalGap() < 0.3 * curve.initialGap(),
                    () -> estimator + ": gap " + curve.initialGap() + " → " + curve.finalGap());
        }
        assertTrue(Files.size(out.resolve("topk-optimisation.png")) > 1000);
    }

    @Test
    void estimatorsAreChosenByKeyAndIMleRunsOncePerLambda() throws IOException {
        int exit = new CommandLine(new TopKOptimisationCommand()).execute("--out", out.toString(), "--repeats", "1",
                "--steps", "2", "--estimators", "ste,imle-central", "--lambdas", "0.3,1");
        assertEquals(0, exit);
        TopKOptimisationCommand.Report report = new Gson().fromJson(
                Files.readString(out.resolve("topk-optimisation.json")), TopKOptimisationCommand.Report.class);
        assertEquals(List.of("STE", "I-MLE central λ=0.3", "I-MLE central λ=1"),
                report.curves().stream().map(TopKOptimisationCommand.Curve::estimator).toList());
    }

    @Test
    void isASubcommandOfTheSamples() {
        assertTrue(new CommandLine(new Samples()).getSubcommands().containsKey("topk-optimisation"));
    }

    private static TopKOptimisationCommand.Curve curve(TopKOptimisationCommand.Report report, String estimator) {
        return report.curves().stream().filter(c -> c.estimator().equals(estimator)).findFirst().orElseThrow();
    }
}
