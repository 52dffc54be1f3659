package io.vigil.lab.backtest;

import io.vigil.config.Durations;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a sweep found: per value of the parameter, the swept rule's alerts, false alerts, precision and recall. The
 * table and the {@code --json} document ({@code rule}, {@code parameter}, {@code detector}, {@code transactions},
 * {@code readings}, {@code points}: each {@code value}, {@code alerts}, {@code falseAlerts}, {@code injected},
 * {@code detected}, {@code precision}, {@code recall}), and a PNG: precision and recall against the value, and the
 * precision-recall curve the values trace.
 */
public record SweepReport(Sweep.Parameter parameter, String detector, long transactions, long readings,
                          List<Sweep.Point> points) {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    public SweepReport {
        points = List.copyOf(points);
    }

    public static SweepReport of(Sweep sweep, java.util.Collection<io.vigil.loadgen.Injection> truth) {
        return new SweepReport(sweep.parameter(), sweep.detector(), sweep.transactions(), sweep.readings(),
                sweep.points(truth));
    }

    public void printTable(PrintWriter out) {
        Sweep.Point first = points.get(0);
        out.printf(Locale.ROOT, "Sweep of %s over %,d transactions and %,d readings: %d %s injections in the ground "
                + "truth.%n", parameter, transactions, readings, first.injected(), detector);
        out.printf(Locale.ROOT, "  %-12s %8s %7s %9s %9s %9s%n", parameter.name(), "alerts", "false", "detected",
                "precision", "recall");
        for (Sweep.Point p : points) {
            out.printf(Locale.ROOT, "  %-12s %8d %7d %9s %9s %9s%n", p.value(), p.alerts(), p.falseAlerts(),
                    p.detected() + "/" + p.injected(), percent(p.precision()), percent(p.recall()));
        }
        out.flush();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rule", parameter.ruleId());
        json.put("parameter", parameter.name());
        json.put("detector", detector);
        json.put("transactions", transactions);
        json.put("readings", readings);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Sweep.Point p : points) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("value", p.value());
            point.put("alerts", p.alerts());
            point.put("falseAlerts", p.falseAlerts());
            point.put("injected", p.injected());
            point.put("detected", p.detected());
            point.put("precision", finite(p.precision()));
            point.put("recall", finite(p.recall()));
            list.add(point);
        }
        json.put("points", list);
        return json;
    }

    /** Two panels: precision and recall against the value, and precision against recall. */
    public void writeChart(Path file) throws IOException {
        List<Double> x = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            x.add(numeric(points.get(i).value()).orElse((double) i + 1));
        }
        XYChart byValue = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "%s: precision and recall by value", parameter))
                .xAxisTitle(parameter.name() + (allDurations() ? " (seconds)" : "")).yAxisTitle("%").build();
        series(byValue, "precision", x, points.stream().map(p -> pct(p.precision())).toList(), new Color(0x3b6ea5));
        series(byValue, "recall", x, points.stream().map(p -> pct(p.recall())).toList(), new Color(0xc0392b));
        XYChart curve = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "%s: precision-recall as %s goes %s .. %s", parameter.ruleId(),
                        parameter.name(), points.get(0).value(), points.get(points.size() - 1).value()))
                .xAxisTitle("recall %").yAxisTitle("precision %").build();
        series(curve, "values " + String.join(", ", points.stream().map(Sweep.Point::value).toList()),
                points.stream().map(p -> pct(p.recall())).toList(),
                points.stream().map(p -> pct(p.precision())).toList(), new Color(0x2e7d32));
        for (XYChart chart : List.of(byValue, curve)) {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(100.0);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
            chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        }
        curve.getStyler().setXAxisMin(0.0);
        curve.getStyler().setXAxisMax(100.0);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        List<Chart<?, ?>> charts = List.of(byValue, curve);
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts, 1, 2, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static void series(XYChart chart, String name, List<Double> x, List<Double> y, Color color) {
        // A value without a score (NaN: no alerts, or no injections) is left out rather than drawn as 0.
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            if (!Double.isNaN(x.get(i)) && !Double.isNaN(y.get(i))) {
                xs.add(x.get(i));
                ys.add(y.get(i));
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setLineColor(color);
        s.setMarkerColor(color);
    }

    private boolean allDurations() {
        return points.stream().allMatch(p -> isDuration(p.value()));
    }

    /** A number as itself, a duration in seconds; empty for anything else (the chart then uses positions). */
    static Optional<Double> numeric(String value) {
        try {
            return Optional.of(Double.parseDouble(value));
        } catch (NumberFormatException notANumber) {
            return Durations.tryParse(value).map(d -> d.toMillis() / 1000.0);
        }
    }

    private static boolean isDuration(String value) {
        try {
            Double.parseDouble(value);
            return false;
        } catch (NumberFormatException notANumber) {
            return Durations.tryParse(value).isPresent();
        }
    }

    private static double pct(double v) {
        return v * 100;
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static Object finite(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10_000.0) / 10_000.0;
    }
}
