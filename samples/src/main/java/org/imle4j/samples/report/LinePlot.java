package org.imle4j.samples.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A line chart with labelled axes and a legend, saved as PNG. */
public final class LinePlot {
    private final XYChart chart;

    /** A chart titled {@code title} with the given axis labels. */
    public LinePlot(String title, String xLabel, String yLabel) {
        chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
    }

    /** Adds a series of points. */
    public LinePlot series(String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(x.length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        return this;
    }

    /** Puts the x axis on a logarithmic scale. */
    public LinePlot logX() {
        chart.getStyler().setXAxisLogarithmic(true);
        return this;
    }

    /** Puts the y axis on a logarithmic scale. */
    public LinePlot logY() {
        chart.getStyler().setYAxisLogarithmic(true);
        return this;
    }

    /** Writes the chart to {@code file} (a .png path) and returns it. */
    public Path save(Path file) {
        String name = file.toString();
        Path png = Path.of(name.endsWith(".png") ? name : name + ".png");
        try (OutputStream out = Files.newOutputStream(png)) {
            ChartEncoder.saveChart(chart, out, "png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
        return png;
    }
}
