package dev.ajretry.examples.hedging;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Map;

/**
 * The latency distribution picture: for each run, the latency (log scale, ms) at each percentile, with the percentile
 * axis stretched towards the tail (its position is {@code log10(1 / (1 - p))}: 90%, 99%, 99.9% and 99.99% are equally
 * spaced), the way HdrHistogram's percentile plots show a tail.
 */
final class LatencyChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 560;

    private LatencyChart() {
    }

    /** Draws one curve per histogram (in microseconds), named by its key, and writes a PNG to {@code file}. */
    static void write(Map<String, Histogram> runs, String title, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // no display needed, in CI or over ssh
        }
        XYSeriesCollection curves = new XYSeriesCollection();
        for (Map.Entry<String, Histogram> run : runs.entrySet()) {
            curves.addSeries(curve(run.getKey(), run.getValue()));
        }
        NumberAxis percentiles = new NumberAxis("percentile");
        percentiles.setTickUnit(new NumberTickUnit(1, new PercentileFormat()));
        percentiles.setLowerBound(0);
        percentiles.setUpperBound(maxTailPosition(runs));
        LogAxis latency = new LogAxis("latency (ms)");
        // Ticks at powers of ten (1, 10, 100, 1,000 ms), nine minor ticks between: log paper.
        // (A log axis takes its minor ticks from its tick unit.)
        latency.setTickUnit(new NumberTickUnit(1, new DecimalFormat("#,##0.#"), 9));
        latency.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        latency.setMinorTickMarksVisible(true);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        Color[] colors = {new Color(0xC0392B), new Color(0x2471A3), new Color(0x229954)};
        for (int i = 0; i < curves.getSeriesCount(); i++) {
            lines.setSeriesPaint(i, colors[i % colors.length]);
            lines.setSeriesStroke(i, new BasicStroke(2.2f));
        }
        XYPlot plot = new XYPlot(curves, percentiles, latency, lines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeMinorGridlinesVisible(true);
        plot.setRangeMinorGridlinePaint(new Color(0xE4E4E4));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 28)); // room for the last percentile's label
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYSeries curve(String name, Histogram histogram) {
        XYSeries curve = new XYSeries(name, true, true);
        // Five points per halving of the distance to 100%: dense where the tail is.
        for (HistogramIterationValue value : histogram.percentiles(5)) {
            double percentile = value.getPercentileLevelIteratedTo();
            if (percentile >= 100.0) {
                break; // log10(1 / 0): the maximum is drawn at the last finite position instead
            }
            curve.addOrUpdate(tailPosition(percentile), Math.max(value.getValueIteratedTo(), 1) / 1000.0);
        }
        if (histogram.getTotalCount() > 0) {
            curve.addOrUpdate(tailPosition(100.0 * (1 - 1.0 / histogram.getTotalCount())),
                    histogram.getMaxValue() / 1000.0);
        }
        return curve;
    }

    /** Where {@code percentile} sits on the axis: 0 for 0%, 1 for 90%, 2 for 99%, 3 for 99.9%. */
    static double tailPosition(double percentile) {
        return Math.log10(100.0 / (100.0 - percentile));
    }

    private static double maxTailPosition(Map<String, Histogram> runs) {
        long most = runs.values().stream().mapToLong(Histogram::getTotalCount).max().orElse(1);
        return Math.max(2, Math.ceil(Math.log10(Math.max(most, 1))));
    }

    /** Labels an axis position with its percentile: 1 is "90%", 3 is "99.9%". */
    static final class PercentileFormat extends NumberFormat {
        @Override
        public StringBuffer format(double position, StringBuffer to, FieldPosition field) {
            double percentile = 100.0 * (1 - Math.pow(10, -position));
            return to.append(new DecimalFormat("0.####").format(percentile)).append('%');
        }

        @Override
        public StringBuffer format(long position, StringBuffer to, FieldPosition field) {
            return format((double) position, to, field);
        }

        @Override
        public Number parse(String source, ParsePosition position) {
            throw new UnsupportedOperationException("only for labels");
        }
    }
}
