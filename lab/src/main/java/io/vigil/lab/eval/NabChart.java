package io.vigil.lab.eval;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A PNG of a few NAB series, one panel each: the values, the labelled windows shaded, Vigil's alerts as dots. */
final class NabChart {

    private static final int WIDTH = 1200;
    private static final int PANEL = 260;

    private NabChart() {
    }

    /** Draws the first {@code panels} series with windows, spread over the categories. */
    static void write(Path png, List<NabSeries> series, boolean[][] detections, int panels) {
        List<Integer> chosen = pick(series, panels);
        BufferedImage image = new BufferedImage(WIDTH, PANEL * chosen.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int p = 0; p < chosen.size(); p++) {
            int f = chosen.get(p);
            XYChart chart = panel(series.get(f), detections[f]);
            g.translate(0, p * PANEL);
            chart.paint(g, WIDTH, PANEL);
            g.translate(0, -p * PANEL);
        }
        g.dispose();
        try {
            javax.imageio.ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + png, e);
        }
    }

    /** One labelled file per category, in name order, up to {@code panels}. */
    private static List<Integer> pick(List<NabSeries> series, int panels) {
        List<Integer> out = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (int f = 0; f < series.size() && out.size() < panels; f++) {
            NabSeries s = series.get(f);
            if (!s.windows().isEmpty() && !categories.contains(s.category())) {
                categories.add(s.category());
                out.add(f);
            }
        }
        return out;
    }

    private static XYChart panel(NabSeries s, boolean[] detected) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL).title(s.name()).xAxisTitle("row")
                .yAxisTitle("value").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        double[] x = new double[s.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        XYSeries values = chart.addSeries("value", x, s.values());
        values.setMarker(SeriesMarkers.NONE);
        values.setLineColor(new Color(90, 90, 90));
        double min = java.util.Arrays.stream(s.values()).min().orElse(0);
        double max = java.util.Arrays.stream(s.values()).max().orElse(1);
        int w = 0;
        for (NabSeries.Window window : s.windows()) {
            XYSeries band = chart.addSeries(w++ == 0 ? "labelled window" : "window " + w,
                    new double[] {window.first(), window.first(), window.last(), window.last()},
                    new double[] {min, max, max, min});
            band.setMarker(SeriesMarkers.NONE);
            band.setLineColor(new Color(230, 150, 40));
            band.setShowInLegend(w == 1);
        }
        List<Double> ax = new ArrayList<>();
        List<Double> ay = new ArrayList<>();
        for (int i = 0; i < detected.length; i++) {
            if (detected[i]) {
                ax.add((double) i);
                ay.add(s.values()[i]);
            }
        }
        if (!ax.isEmpty()) {
            XYSeries alerts = chart.addSeries("Vigil alert (OPEN)", ax, ay);
            alerts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            alerts.setMarker(SeriesMarkers.CIRCLE);
            alerts.setMarkerColor(Color.RED);
        }
        XYSeries probation = chart.addSeries("probationary period end",
                new double[] {NabScorer.probationaryRows(s.size()), NabScorer.probationaryRows(s.size())},
                new double[] {min, max});
        probation.setMarker(SeriesMarkers.NONE);
        probation.setLineColor(new Color(60, 120, 200));
        return chart;
    }
}
