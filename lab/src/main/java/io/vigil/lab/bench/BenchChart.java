package io.vigil.lab.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's picture, drawn with XChart: median throughput per stage as bars, and the event-to-alert latency
 * distribution as a percentile curve (the usual HdrHistogram plot: the x axis counts "nines", so 90%, 99% and
 * 99.9% are evenly spaced and the tail is visible), with the p99 target as a line.
 */
final class BenchChart {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 520;
    /** The curve stops at 99.99%: beyond it a bench-sized sample holds only its maximum. */
    private static final double MAX_NINES = 4;

    private BenchChart() {
    }

    static void write(BenchReport report, Path file) throws IOException {
        List<Chart<?, ?>> charts = List.of(throughput(report), latency(report));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts, 1, 2, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static CategoryChart throughput(BenchReport report) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "Throughput per stage (detection EOS = %.2f x pass-through EOS, "
                        + "%.2f x ALOS)", report.detectionEosToPassThroughEos(), report.detectionEosToAlos()))
                .xAxisTitle("stage").yAxisTitle("events/s").build();
        Map<String, Double> stages = report.throughputByStage();
        chart.addSeries("median events/s", new ArrayList<>(stages.keySet()), new ArrayList<Number>(stages.values()));
        chart.getStyler().setLegendVisible(false);
        // Seven stage names side by side overlap when level.
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsPosition(0.9);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x3b6ea5)});
        return chart;
    }

    private static XYChart latency(BenchReport report) {
        Histogram histogram = report.latencyHistogram();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "Event to alert visible (read_committed) at %,.0f events/s: "
                                + "p50 %d, p99 %d, p99.9 %d ms", report.latencyTargetPerSec(), report.latencyP50(),
                        report.latencyP99(), report.latencyP999()))
                .xAxisTitle("percentile").yAxisTitle("latency (ms)").build();
        List<Double> nines = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        if (histogram.getTotalCount() > 0) {
            for (HistogramIterationValue v : histogram.percentiles(5)) {
                double fraction = v.getPercentileLevelIteratedTo() / 100.0;
                double x = fraction >= 1 ? MAX_NINES : Math.min(MAX_NINES, -Math.log10(1 - fraction));
                nines.add(x);
                millis.add((double) v.getValueIteratedTo());
                if (x >= MAX_NINES) {
                    break;
                }
            }
        } else {
            nines.add(0.0);
            millis.add(0.0);
        }
        XYSeries curve = chart.addSeries("latency", nines, millis);
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineColor(new Color(0x3b6ea5));
        XYSeries target = chart.addSeries("p99 target " + BenchReport.TARGET_P99_MILLIS + " ms", List.of(0.0, MAX_NINES),
                List.of((double) BenchReport.TARGET_P99_MILLIS, (double) BenchReport.TARGET_P99_MILLIS));
        target.setMarker(SeriesMarkers.NONE);
        target.setLineColor(new Color(0xc0392b));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(MAX_NINES);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        chart.getStyler().setxAxisTickLabelsFormattingFunction(BenchChart::percentileLabel);
        return chart;
    }

    /** 0 nines is 0%, 1 is 90%, 2 is 99%, 3 is 99.9%. */
    static String percentileLabel(double nines) {
        double percent = 100 * (1 - Math.pow(10, -nines));
        if (percent < 99) {
            return String.format(Locale.ROOT, "%.0f%%", percent);
        }
        return String.format(Locale.ROOT, "%." + Math.max(0, (int) Math.round(nines) - 2) + "f%%", percent);
    }
}
