package org.imle4j.samples.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON with record keys and special values, the captioned table on the console, and PNG plots. */
class ReportWriterTest {
    @TempDir
    Path out;

    record Row(String estimator, double regret) {}

    @Test
    void writesJsonTablesAndPlots() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ReportWriter writer = new ReportWriter(out, new PrintStream(console, true, StandardCharsets.UTF_8));

        Path json = writer.json("results.json", List.of(new Row("AIMLE", 0.25), new Row("STE", Double.NaN)));
        String text = Files.readString(json);
        assertTrue(text.contains("\"estimator\": \"AIMLE\"") && text.contains("\"regret\": NaN"), text);

        writer.table("Regret:", new Table("estimator", "regret %").row("AIMLE", ReportWriter.fixed(25, 1)));
        writer.line("%d maps", 3);
        assertEquals(String.join(System.lineSeparator(), "Regret:", "estimator  regret %", "---------  --------",
                "AIMLE          25.0", "3 maps", ""), console.toString(StandardCharsets.UTF_8));

        Path png = writer.plot("loss.png", new LinePlot("loss", "epoch", "loss").series("AIMLE",
                new double[] {1, 2}, new double[] {3, 1}));
        assertTrue(Files.size(png) > 1000);
        assertEquals(out.resolve("loss.png"), png);
    }
}
