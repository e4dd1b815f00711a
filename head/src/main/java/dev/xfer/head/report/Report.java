package dev.xfer.head.report;

import dev.xfer.common.AtomicFiles;
import dev.xfer.common.Provenance;
import dev.xfer.common.store.SnapshotRef;
import dev.xfer.common.training.Metrics;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.HeadTraining;
import dev.xfer.head.Metric;
import dev.xfer.head.NestedScore;
import dev.xfer.head.dense.DenseTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code report.html}: one file, figures inlined, readable offline and attachable to a ticket. */
public final class Report {
    private static final Map<Metric, String> LABELS = Map.of(Metric.ACCURACY, "accuracy", Metric.BALANCED_ACCURACY,
            "balanced acc.", Metric.MACRO_F1, "macro-F1", Metric.LOG_LOSS, "log-loss");
    private final StringBuilder html = new StringBuilder();

    private Report(String title, Provenance p, String source) {
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
                        + "text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}"
                        + "img{max-width:100%}.muted{color:#666;font-size:90%}</style></head><body>")
                .append("<h1>").append(esc(title)).append("</h1><p class=\"muted\">features: ")
                .append(esc(p.backbone())).append(" / ").append(esc(p.layer())).append(" / ").append(esc(p.pooling()))
                .append(" pooling / ").append(p.imageSize()).append(" px, weights sha256 ")
                .append(esc(p.weightsSha256().substring(0, 12))).append("…, ").append(esc(source)).append("</p>");
    }

    public static void training(Path file, HeadTraining.Result r, List<String> classes, Provenance p,
                                SnapshotRef source) throws IOException {
        Report rep = new Report("xfer head train: " + r.spec().type(), p, source.describe());
        Metrics main = r.test() != null ? r.test() : r.val() != null ? r.val() : r.train();
        String which = r.test() != null ? "test" : r.val() != null ? "validation" : "training";
        rep.html.append("<h2>Scores</h2><table><tr><th>split</th><th>rows</th><th>accuracy</th><th>balanced acc.</th>"
                + "<th>macro-F1</th><th>log-loss</th></tr>");
        rep.scoreRow("train", r.train());
        rep.scoreRow("validation", r.val());
        rep.scoreRow("test", r.test());
        rep.html.append("</table><p class=\"muted\">split: ").append(esc(r.split().source())).append(", seed ")
                .append(r.split().seed()).append("; hyperparameters ").append(esc(r.spec().params().toString()))
                .append("; fit ").append(fmt(r.fitted().seconds())).append(" s</p>");
        if (!r.fitted().history().isEmpty()) {
            rep.html.append("<h2>Learning curves</h2><p>kept epoch ").append(r.fitted().bestEpoch()).append(" of ")
                    .append(r.fitted().history().size()).append("</p>");
            rep.img(Charts.learningCurves(r.fitted().history(), "loss"));
            rep.img(Charts.learningCurves(r.fitted().history(), "accuracy"));
        }
        rep.html.append("<h2>Per class (").append(which).append(")</h2>");
        rep.perClassTable(main);
        rep.img(Charts.perClass(main));
        rep.html.append("<h2>Confusion matrix (").append(which).append(")</h2>");
        rep.img(Charts.confusion(main, classes));
        rep.write(file);
    }

    /**
     * The fine-tuning report: learning curves (the best epoch marked in the text), the kept weights' scores,
     * per-class table and confusion matrix, and {@code facts} (options, timings, frozen-weight digests) as a table.
     */
    public static void fineTuning(Path file, Provenance p, List<DenseTrainer.Epoch> history, int bestEpoch,
                                  Metrics val, Metrics test, List<String> classes, Map<String, String> facts)
            throws IOException {
        Report rep = new Report("xfer finetune: " + p.backbone() + " + dense head", p, "trained on images");
        rep.html.append("<h2>Scores of the kept weights</h2><table><tr><th>split</th><th>rows</th><th>accuracy</th>"
                + "<th>balanced acc.</th><th>macro-F1</th><th>log-loss</th></tr>");
        rep.scoreRow("validation", val);
        rep.scoreRow("test", test);
        rep.html.append("</table><table>");
        facts.forEach((k, v) -> rep.html.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                .append("</td></tr>"));
        rep.html.append("</table>");
        if (!history.isEmpty()) {
            rep.html.append("<h2>Learning curves</h2><p>kept epoch ").append(bestEpoch).append(" of ")
                    .append(history.size()).append("; training numbers are running means over each epoch's ")
                    .append("augmented batches, as Keras reports them</p>");
            rep.img(Charts.learningCurves(history, "loss"));
            rep.img(Charts.learningCurves(history, "accuracy"));
        }
        Metrics main = test != null ? test : val;
        if (main != null) {
            String which = test != null ? "test" : "validation";
            rep.html.append("<h2>Per class (").append(which).append(")</h2>");
            rep.perClassTable(main);
            rep.html.append("<h2>Confusion matrix (").append(which).append(")</h2>");
            rep.img(Charts.confusion(main, classes));
        }
        rep.write(file);
    }

    /**
     * The comparison report: the winner (by the ranking metric) and how it was refitted, the nested score, the
     * leaderboard as a table and a chart whose axis starts at 0, and the winner's per-class table and confusion
     * matrix from its out-of-fold predictions (every row scored by a fit that never saw it).
     */
    public static void comparison(Path file, CrossValidation.Comparison cv, int folds, HeadTraining.SplitInfo refit,
                                  List<String> classes, Provenance p, SnapshotRef source) throws IOException {
        Metric metric = cv.metric();
        CrossValidation.Entry w = cv.winner();
        Report rep = new Report("xfer head compare: " + folds + "-fold cross-validation", p, source.describe());
        rep.html.append("<h2>Winner: ").append(esc(w.spec())).append("</h2><p>ranked by ").append(metric.id())
                .append(" (").append(metric.higherIsBetter() ? "higher" : "lower").append(" is better): ")
                .append(pm(metric.of(w))).append(" over ").append(folds).append(" folds; hyperparameters ")
                .append(esc(w.params().toString())).append(".</p><p>Saved after refitting on all ")
                .append(refit.trainRows()).append(" training rows").append(refit.valRows() > 0 ? " (and "
                        + refit.valRows() + " held out for early stopping)" : "").append("; split: ")
                .append(esc(refit.source())).append(", val ").append(refit.val()).append(", test ")
                .append(refit.test()).append(".</p>");
        NestedScore ns = cv.nested();
        if (ns != null) {
            rep.html.append("<p><b>Nested score</b> of choosing among ").append(cv.board().size())
                    .append(" configurations (each fold scored by the configuration the other ")
                    .append(ns.innerFolds()).append(" folds chose): ").append(metric.id()).append(' ')
                    .append(pm(ns.of(metric))).append(metric == Metric.ACCURACY ? "" : ", accuracy "
                            + pm(ns.accuracy()))
                    .append(". Chosen per fold: ").append(esc(String.join(", ", ns.chosen())))
                    .append(". The leaderboard's best row is flattered by being the best of several; this is not."
                            + "</p>");
        }
        rep.html.append("<h2>Leaderboard</h2><p class=\"muted\">best first by ").append(metric.id())
                .append(" (underlined); mean ± std over the folds</p><table><tr><th>configuration</th>"
                        + "<th style=\"text-align:left\">parameters</th>");
        for (Metric m : Metric.values()) {
            String name = LABELS.get(m);
            rep.html.append("<th>").append(m == metric ? "<u>" + name + "</u>" : name).append("</th>");
        }
        rep.html.append("<th>fit s / fold</th></tr>");
        for (CrossValidation.Entry e : cv.board()) {
            Map<String, Object> params = new java.util.LinkedHashMap<>(e.params());
            params.remove("seed");
            params.remove("standardise");
            rep.html.append(e == w ? "<tr style=\"font-weight:bold\">" : "<tr>").append("<td>").append(esc(e.spec()))
                    .append("</td><td style=\"text-align:left\">").append(esc(params.isEmpty() ? "-"
                            : params.toString().replaceAll("^\\{|}$", ""))).append("</td>");
            for (Metric m : Metric.values()) {
                rep.html.append("<td>").append(pm(m.of(e))).append("</td>");
            }
            rep.html.append("<td>").append(pm(e.fitSeconds())).append("</td></tr>");
        }
        rep.html.append("</table>");
        rep.img(Charts.leaderboard(cv.board(), metric));
        Metrics oof = cv.winnerOutOfFold();
        rep.html.append("<h2>Per class: ").append(esc(w.spec())).append(" (out of fold, ").append(oof.rows())
                .append(" rows)</h2>");
        rep.perClassTable(oof);
        rep.html.append("<h2>Confusion matrix: ").append(esc(w.spec())).append(" (out of fold)</h2>");
        rep.img(Charts.confusion(oof, classes));
        rep.write(file);
    }

    private void scoreRow(String name, Metrics m) {
        if (m == null) {
            return;
        }
        html.append("<tr><td>").append(name).append("</td><td>").append(m.rows()).append("</td><td>")
                .append(fmt(m.accuracy())).append("</td><td>").append(fmt(m.balancedAccuracy())).append("</td><td>")
                .append(fmt(m.macroF1())).append("</td><td>").append(fmt(m.logLoss())).append("</td></tr>");
    }

    private void perClassTable(Metrics m) {
        html.append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>accuracy</th>"
                + "<th>support</th></tr>");
        for (Metrics.PerClass c : m.perClass()) {
            html.append("<tr><td>").append(esc(c.name())).append("</td><td>").append(fmt(c.precision()))
                    .append("</td><td>").append(fmt(c.recall())).append("</td><td>").append(fmt(c.f1()))
                    .append("</td><td>").append(fmt(c.accuracy())).append("</td><td>").append(c.support())
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private void img(String base64) {
        html.append("<p><img alt=\"figure\" src=\"data:image/png;base64,").append(base64).append("\"></p>");
    }

    private void write(Path file) throws IOException {
        html.append("</body></html>\n");
        AtomicFiles.write(file, html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String pm(CrossValidation.Stat s) {
        return fmt(s.mean()) + " ± " + fmt(s.std());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
