package org.imle4j.samples.harness;

import com.google.gson.GsonBuilder;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Table;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Where an experiment's results go: the JSON record (the machine-readable one, with stable keys) and PNG plots in the
 * output folder, tables and summary lines on the console (stdout). Progress goes to stderr, through
 * {@link org.imle4j.samples.report.Progress}.
 */
public final class ReportWriter {
    private final Path folder;
    private final PrintStream console;

    /**
     * Creates a writer.
     *
     * @param folder the output folder, which must exist
     * @param console where tables go, normally {@code System.out}
     */
    public ReportWriter(Path folder, PrintStream console) {
        this.folder = folder;
        this.console = console;
    }

    /**
     * Writes results as pretty-printed JSON, NaN and infinities included as the literals {@code NaN} and
     * {@code Infinity}; record components become the keys.
     *
     * @param file the file name in the output folder, e.g. {@code bench.json}; replaced if it exists
     * @param results records, lists and maps of numbers and strings
     * @return the path written
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path json(String file, Object results) {
        String json = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(results);
        Path path = folder.resolve(file);
        try {
            return Files.writeString(path, json + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /**
     * Prints a table on the console, under a caption.
     *
     * @param caption the line above the table; none if empty
     * @param table the table
     */
    public void table(String caption, Table table) {
        if (!caption.isEmpty()) {
            console.println(caption);
        }
        table.print(console);
    }

    /**
     * Prints one line on the console, formatted in the root locale.
     *
     * @param format a {@link String#format} pattern
     * @param args its arguments
     */
    public void line(String format, Object... args) {
        console.println(String.format(Locale.ROOT, format, args));
    }

    /**
     * Saves a line plot as PNG in the output folder.
     *
     * @param file the file name, e.g. {@code bench.png}
     * @param plot the plot
     * @return the path written
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path plot(String file, LinePlot plot) {
        return png(plot.chart(), folder.resolve(file));
    }

    /**
     * Saves any XChart chart (a bar chart, say) as PNG in the output folder.
     *
     * @param file the file name, e.g. {@code l2x.png}
     * @param chart the chart
     * @return the path written
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path chart(String file, Chart<?, ?> chart) {
        return png(chart, folder.resolve(file));
    }

    /**
     * Saves a picture as PNG in the output folder.
     *
     * @param file the file name, e.g. {@code reconstructions.png}
     * @param image the picture
     * @return the path written
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path image(String file, RenderedImage image) {
        Path path = folder.resolve(file);
        try (OutputStream out = Files.newOutputStream(path)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer for this picture");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        return path;
    }

    private static Path png(Chart<?, ?> chart, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartEncoder.saveChart(chart, out, "png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * A number with a fixed number of decimals, for table cells.
     *
     * @param value the number
     * @param decimals digits after the point
     * @return e.g. {@code 3.14}
     */
    public static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
