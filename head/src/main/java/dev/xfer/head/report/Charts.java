package dev.xfer.head.report;

import dev.xfer.common.training.Metrics;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.Metric;
import dev.xfer.head.dense.DenseTrainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** The report's figures, each rendered to a base64 PNG for an inline {@code <img>}. */
final class Charts {
    private static final int W = 640;
    private static final int H = 360;

    private Charts() {
    }

    static String png(Chart<?, ?> chart) throws IOException {
        return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    static String learningCurves(List<DenseTrainer.Epoch> h, String metric) throws IOException {
        XYChart c = new XYChartBuilder().width(W).height(H).title(metric.equals("loss") ? "Loss" : "Accuracy")
                .xAxisTitle("epoch").yAxisTitle(metric).build();
        List<Integer> x = h.stream().map(DenseTrainer.Epoch::epoch).toList();
        boolean loss = metric.equals("loss");
        c.addSeries("train", x, h.stream().map(e -> loss ? e.loss() : e.accuracy()).toList());
        c.addSeries("validation", x, h.stream().map(e -> loss ? e.valLoss() : e.valAccuracy()).toList());
        return png(c);
    }

    static String confusion(Metrics m, List<String> classes) throws IOException {
        HeatMapChart c = new HeatMapChartBuilder().width(W).height(H).title("Confusion matrix (rows: true)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        c.getStyler().setShowValue(true);
        List<Number[]> cells = new ArrayList<>();
        int k = classes.size();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                // heat-map rows are drawn bottom-up: put the first true class on top
                cells.add(new Number[] {p, k - 1 - t, m.confusion()[t][p]});
            }
        }
        List<String> reversed = new ArrayList<>(classes);
        java.util.Collections.reverse(reversed);
        c.addSeries("count", classes, reversed, cells);
        return png(c);
    }

    static String perClass(Metrics m) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(W).height(H).title("Per class").yAxisTitle("score").build();
        List<String> names = m.perClass().stream().map(Metrics.PerClass::name).toList();
        c.addSeries("precision", names, m.perClass().stream().map(Metrics.PerClass::precision).toList());
        c.addSeries("recall (accuracy)", names, m.perClass().stream().map(Metrics.PerClass::recall).toList());
        c.addSeries("F1", names, m.perClass().stream().map(Metrics.PerClass::f1).toList());
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        return png(c);
    }

    /** The ranking metric per configuration, error bar one std, the value axis from 0 so bars compare. */
    static String leaderboard(List<CrossValidation.Entry> board, Metric metric) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(W).height(H).title("Cross-validated " + metric.id()
                        + (metric.higherIsBetter() ? " (higher is better)" : " (lower is better)"))
                .yAxisTitle(metric.id() + " (mean, error bar = std)").build();
        List<String> names = board.stream().map(CrossValidation.Entry::spec).toList();
        c.addSeries(metric.id(), names, board.stream().map(e -> metric.of(e).mean()).toList(),
                board.stream().map(e -> metric.of(e).std()).toList());
        double top = board.stream().mapToDouble(e -> metric.of(e).mean() + metric.of(e).std()).max().orElse(1);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(metric.higherIsBetter() ? 1.0 : Math.max(1e-3, top * 1.1));
        c.getStyler().setLegendVisible(false);
        if (names.size() > 4 || names.stream().mapToInt(String::length).max().orElse(0) > 12) {
            c.getStyler().setXAxisLabelRotation(30);
        }
        return png(c);
    }
}
