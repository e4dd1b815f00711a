package dev.xfer.compare;

import dev.xfer.common.AtomicFiles;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code xfer backbone compare}'s report: one self-contained HTML file (no scripts, no external files; the chart is
 * inline SVG) with the backbones' extraction, the backbone x head leaderboard and the ranked metric charted from 0.
 */
public final class BackboneReport {
    private static final int BAR_W = 520;
    private static final int ROW_H = 22;
    private static final int LABEL_W = 300;

    private BackboneReport() {
    }

    public static void write(Path file, BackboneLeaderboard b) throws IOException {
        Metric m = b.rankedBy();
        BackboneLeaderboard.Row w = b.winner();
        StringBuilder h = new StringBuilder();
        String title = "xfer backbone compare: " + b.dataset();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0;font-size:90%}"
                        + "td{white-space:nowrap}.w{max-width:220px;word-break:break-all;white-space:normal}td,th{border:1px solid #ccc;padding:4px 8px;"
                        + "text-align:right}th{background:#f4f4f4}td:first-child,th:first-child,td.l,th.l"
                        + "{text-align:left}.muted{color:#666;font-size:90%}</style></head><body>")
                .append("<h1>").append(esc(title)).append("</h1><p class=\"muted\">").append(esc(b.root()))
                .append("; ").append(b.folds()).append("-fold cross-validation, the same seeded folds (seed ")
                .append(b.seed()).append(") over the same photos for every backbone</p>");
        h.append("<h2>Winner: ").append(esc(w.backbone())).append(" + ").append(esc(w.head())).append("</h2><p>")
                .append(m.id()).append(' ').append(pm(m.of(w.entry()))).append(" (").append(m.higherIsBetter()
                        ? "higher" : "lower").append(" is better)").append(m == Metric.ACCURACY ? ""
                        : ", accuracy " + pm(w.accuracy())).append(" over ").append(b.folds()).append(" folds.</p>");
        h.append("<h2>Backbones</h2><table><tr><th>backbone</th><th class=\"l\">weights</th><th>size</th>"
                + "<th>feature width</th><th>images</th><th>extracted</th><th>reused</th><th>skipped</th>"
                + "<th>seconds</th><th>images/s</th><th class=\"l\">snapshot</th></tr>");
        for (BackboneLeaderboard.Backbone x : b.backbones()) {
            h.append("<tr><td>").append(esc(x.label())).append("</td><td class=\"l w\">").append(esc(x.weights()))
                    .append("</td><td>").append(x.imageSize()).append("</td><td>").append(x.featureWidth())
                    .append("</td><td>").append(x.images()).append("</td><td>").append(x.extracted())
                    .append("</td><td>").append(x.reused()).append("</td><td>").append(x.skipped())
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", x.seconds())).append("</td><td>")
                    .append(rate(x.imagesPerSecond())).append("</td><td class=\"l\">")
                    .append(esc(x.snapshot().substring(0, 12))).append("</td></tr>");
        }
        h.append("</table><p class=\"muted\">images/s: \"reused\" where every photo came from the backbone's "
                + "feature store and no conv base ran.</p>");
        h.append("<h2>Leaderboard</h2><p class=\"muted\">best first by ").append(m.id())
                .append(" (underlined); mean ± sd over the folds</p><table><tr><th>#</th><th class=\"l\">backbone"
                        + "</th><th class=\"l\">head</th>");
        for (Metric x : Metric.values()) {
            h.append("<th>").append(x == m ? "<u>" + x.id() + "</u>" : x.id()).append("</th>");
        }
        h.append("<th>feature width</th><th>fit s / fold</th><th>images/s</th><th>extraction s</th></tr>");
        for (BackboneLeaderboard.Row r : b.leaderboard()) {
            h.append(r == w ? "<tr style=\"font-weight:bold\">" : "<tr>").append("<td>").append(r.rank())
                    .append("</td><td class=\"l\">").append(esc(r.backbone())).append("</td><td class=\"l\">")
                    .append(esc(r.head())).append("</td>");
            for (Metric x : Metric.values()) {
                h.append("<td>").append(pm(x.of(r.entry()))).append("</td>");
            }
            h.append("<td>").append(r.featureWidth()).append("</td><td>").append(pm(r.fitSeconds()))
                    .append("</td><td>").append(rate(r.imagesPerSecond())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", r.extractionSeconds())).append("</td></tr>");
        }
        h.append("</table>").append(chart(b.leaderboard(), m)).append("</body></html>\n");
        AtomicFiles.write(file, h.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Horizontal bars of the ranked metric's mean, a whisker of one sd each side, on an axis from 0. */
    private static String chart(List<BackboneLeaderboard.Row> rows, Metric m) {
        double max = rows.stream().mapToDouble(r -> m.of(r.entry()).mean() + m.of(r.entry()).std()).max().orElse(1);
        max = m.higherIsBetter() ? Math.max(1, max) : Math.max(max, 1e-9);
        int height = rows.size() * ROW_H + 40;
        StringBuilder s = new StringBuilder("<h2>").append(esc(m.id())).append(" by backbone and head</h2>")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL_W + BAR_W + 80)
                .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">");
        for (int i = 0; i < rows.size(); i++) {
            BackboneLeaderboard.Row r = rows.get(i);
            CrossValidation.Stat v = m.of(r.entry());
            int y = 10 + i * ROW_H;
            double len = BAR_W * Math.max(0, v.mean()) / max;
            double lo = BAR_W * Math.max(0, v.mean() - v.std()) / max;
            double hi = BAR_W * Math.min(max, v.mean() + v.std()) / max;
            s.append("<text x=\"").append(LABEL_W - 6).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\">").append(esc(r.backbone() + " + " + r.head())).append("</text>")
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" "
                            + "fill=\"%s\"/>", LABEL_W, y + 2, len, i == 0 ? "#2b6cb0" : "#90b4de"))
                    .append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
                            + "stroke=\"#222\"/>", LABEL_W + lo, LABEL_W + hi, y + 10, y + 10))
                    .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.4f</text>",
                            LABEL_W + Math.max(len, hi) + 6, y + 15, v.mean()));
        }
        int axis = 10 + rows.size() * ROW_H + 4;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#666\"/>",
                LABEL_W, LABEL_W + BAR_W, axis, axis));
        for (int k = 0; k <= 4; k++) {
            double x = LABEL_W + BAR_W * k / 4.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">"
                    + "%.2f</text>", x, axis + 16, max * k / 4));
        }
        return s.append("</svg>").toString();
    }

    /** images/s as shown, or "reused" where no conv base ran. */
    public static String rate(Double imagesPerSecond) {
        return imagesPerSecond == null ? "reused" : String.format(Locale.ROOT, "%.1f", imagesPerSecond);
    }

    private static String pm(CrossValidation.Stat s) {
        return String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.std());
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
