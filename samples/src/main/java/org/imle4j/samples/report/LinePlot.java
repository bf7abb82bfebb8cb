package org.imle4j.samples.report;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A line chart with labelled axes and a legend, saved as PNG by {@link org.imle4j.samples.harness.ReportWriter}. */
public final class LinePlot {
    private final XYChart chart;

    /**
     * An empty chart of 800 × 500 pixels, its legend right of the plot.
     *
     * @param title the chart's title
     * @param xLabel the label of the x axis
     * @param yLabel the label of the y axis
     */
    public LinePlot(String title, String xLabel, String yLabel) {
        chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
    }

    /**
     * Adds a series of points joined by lines, with a marker at each point when there are at most 30.
     *
     * @param name the series' name in the legend, unique in the chart
     * @param x the x coordinates
     * @param y the y coordinates, as many as x
     * @return this plot
     * @throws IllegalArgumentException (from XChart) if the name is taken or x and y differ in length
     */
    public LinePlot series(String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(x.length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        return this;
    }

    /**
     * Puts the x axis on a logarithmic scale; every x must then be positive.
     *
     * @return this plot
     */
    public LinePlot logX() {
        chart.getStyler().setXAxisLogarithmic(true);
        return this;
    }

    /**
     * Puts the y axis on a logarithmic scale; every y must then be positive.
     *
     * @return this plot
     */
    public LinePlot logY() {
        chart.getStyler().setYAxisLogarithmic(true);
        return this;
    }

    /** {@return the chart, for {@link org.imle4j.samples.harness.ReportWriter#plot} to save} */
    public XYChart chart() {
        return chart;
    }
}
