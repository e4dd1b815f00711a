package dev.xfer.doctor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xfer.common.AtomicFiles;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.doctor.Diagnosis;
import dev.xfer.doctor.similarity.DuplicateGroup;
import dev.xfer.head.CrossValidation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code doctor.json} and a self-contained {@code report.html}: the map (an inline SVG, coloured by class, flagged
 * photos marked), duplicate groups side by side, suspected mislabels with given and suggested label, outliers.
 * Thumbnails are embedded; nothing is fetched when it is opened.
 */
public final class DoctorReport {
    public static final String JSON_FILE = "doctor.json";
    public static final String HTML_FILE = "report.html";
    static final int SHOWN = 60;
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf", "#d62728"};
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private DoctorReport() {
    }

    /** Writes both files into {@code dir} (replacing it only when {@code force}); photos are read under {@code root}. */
    public static void write(Path dir, Diagnosis d, FeatureTable t, Path root, boolean force) throws IOException {
        if (Files.exists(dir) && !force) {
            throw new dev.xfer.common.BadInputException(dir + " exists: pass --force to replace it, or choose another --out");
        }
        Path staging = AtomicFiles.stagingDirFor(dir);
        try {
            Files.writeString(staging.resolve(JSON_FILE), JSON.writeValueAsString(d));
            Files.writeString(staging.resolve(HTML_FILE), html(d, t, root), StandardCharsets.UTF_8);
            AtomicFiles.publish(staging, dir);
        } finally {
            AtomicFiles.deleteTree(staging);
        }
    }

    static String html(Diagnosis d, FeatureTable t, Path root) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>xfer doctor: ")
                .append(esc(d.snapshot().describe())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}h2{margin-top:32px}")
                .append(".row{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ccc;border-radius:6px;")
                .append("padding:6px;font-size:12px}.card img{display:block;margin:2px}")
                .append(".pair{display:flex;gap:4px;flex-wrap:wrap;max-width:480px}.leak{border-color:#d62728;border-width:2px}")
                .append("table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right}")
                .append(".legend span{margin-right:14px}</style></head><body>");
        h.append("<h1>xfer doctor</h1><p>").append(esc(d.snapshot().describe())).append(": ").append(d.rows())
                .append(" photos, classes ").append(esc(String.join(", ", d.classes()))).append(". ")
                .append(d.duplicates().size()).append(" duplicate groups (cosine &ge; ").append(d.threshold())
                .append(d.confirmation().hashThreshold() == null ? ", features only"
                        : " and perceptual hash &ge; " + d.confirmation().hashThreshold())
                .append(", or byte-identical; ").append(d.byteIdenticalPairs()).append(" byte-identical pairs), ").append(d.leaks().size()).append(" of them across splits; ")
                .append(d.outOfFoldAccuracy() == null ? "no labels, so no label errors looked for; "
                        : d.labelIssues().size() + " likely label errors (" + esc(d.head()) + ", " + d.folds()
                        + "-fold out-of-fold accuracy " + String.format(Locale.ROOT, "%.4f", d.outOfFoldAccuracy())
                        + "); ")
                .append(d.outliers().size()).append(" outliers.</p>");
        map(h, d, t);
        leaderboard(h, d);
        h.append("<h2 id=\"duplicates\">Duplicates and leaks</h2>");
        if (d.duplicates().isEmpty()) {
            h.append("<p>None.</p>");
        }
        h.append("<div class=\"row\">");
        for (DuplicateGroup g : d.duplicates().subList(0, Math.min(SHOWN, d.duplicates().size()))) {
            h.append("<div class=\"card").append(g.leak() ? " leak" : "").append("\"><div class=\"pair\">");
            for (String p : g.paths()) {
                img(h, root, p);
            }
            h.append("</div>").append(g.exact() ? "byte-identical" : String.format(Locale.ROOT, "cosine %.3f%s",
                    g.similarity(), g.hashSimilarity() == null ? ", features only"
                            : String.format(Locale.ROOT, ", hash %.3f", g.hashSimilarity())))
                    .append(g.leak() ? " &mdash; <b>leak</b>" : "");
            for (int i = 0; i < g.paths().size(); i++) {
                h.append("<br>").append(esc(g.paths().get(i)));
                if (!g.splits().get(i).equals("none")) {
                    h.append(" (").append(g.splits().get(i)).append(")");
                }
            }
            h.append("</div>");
        }
        h.append("</div>");
        more(h, d.duplicates().size());
        h.append("<h2 id=\"label-errors\">Likely label errors</h2><div class=\"row\">");
        for (Diagnosis.LabelIssue i : d.labelIssues().subList(0, Math.min(SHOWN, d.labelIssues().size()))) {
            h.append("<div class=\"card\">");
            img(h, root, i.path());
            h.append("given <b>").append(esc(i.given())).append("</b>, suggested <b>").append(esc(i.suggested()))
                    .append("</b><br>").append(String.format(Locale.ROOT, "head %.3f, neighbours %s", i.score(),
                    i.neighboursDisagree() == null ? "-" : String.format(Locale.ROOT, "%.2f", i.neighboursDisagree()))).append("<br>")
                    .append(esc(i.path())).append("</div>");
        }
        h.append("</div>");
        more(h, d.labelIssues().size());
        h.append("<h2 id=\"outliers\">Outliers</h2><div class=\"row\">");
        for (Diagnosis.OutlierEntry x : d.outliers().subList(0, Math.min(SHOWN, d.outliers().size()))) {
            h.append("<div class=\"card\">");
            img(h, root, x.path());
            h.append(String.format(Locale.ROOT, "distance %.3f (z %.1f)", x.score(), x.z())).append("<br>")
                    .append(esc(x.path())).append("</div>");
        }
        h.append("</div>");
        more(h, d.outliers().size());
        h.append("<p style=\"color:#777\">Provenance: ").append(esc(t.provenance().backbone())).append(", snapshot ")
                .append(esc(String.valueOf(d.snapshot().id()))).append(".</p></body></html>\n");
        return h.toString();
    }

    private static void map(StringBuilder h, Diagnosis d, FeatureTable t) {
        Set<Integer> issues = new HashSet<>();
        d.labelIssues().forEach(i -> issues.add(i.row()));
        Set<Integer> dups = new HashSet<>();
        d.duplicates().forEach(g -> java.util.Arrays.stream(g.rows()).forEach(dups::add));
        Set<Integer> outliers = new HashSet<>();
        d.outliers().forEach(o -> outliers.add(o.row()));
        Set<Integer> must = new HashSet<>(issues);
        must.addAll(dups);
        must.addAll(outliers);
        if (d.scanned().length < 5) {
            return;
        }
        DatasetMap.Points m = DatasetMap.of(t.features(), t.dim(), d.scanned(), must, 42);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] p : m.xy()) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        int size = 640;
        double sx = (size - 20) / Math.max(1e-9, maxX - minX);
        double sy = (size - 20) / Math.max(1e-9, maxY - minY);
        h.append("<h2>Map</h2><p>PCA to 50 dimensions, then t-SNE; ").append(m.rows().length)
                .append(" photos, coloured by given class. Ringed: likely label error; square: in a duplicate group; ")
                .append("triangle: outlier. Hover a point for its path.</p><p class=\"legend\">");
        for (int c = 0; c < d.classes().size(); c++) {
            h.append("<span style=\"color:").append(colour(c)).append("\">&#9679; ").append(esc(d.classes().get(c)))
                    .append("</span>");
        }
        h.append("</p><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(size).append("\" height=\"")
                .append(size).append("\" style=\"border:1px solid #ddd;background:#fff\">");
        Map<Integer, double[]> at = new HashMap<>();
        for (int i = 0; i < m.rows().length; i++) {
            at.put(m.rows()[i], m.xy()[i]);
        }
        // plain points first, flagged ones on top
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < m.rows().length; i++) {
                int r = m.rows()[i];
                boolean flagged = must.contains(r);
                if (flagged != (pass == 1)) {
                    continue;
                }
                double x = 10 + (m.xy()[i][0] - minX) * sx;
                double y = 10 + (m.xy()[i][1] - minY) * sy;
                String fill = t.labels()[r] < 0 ? "#999" : colour(t.labels()[r]);
                String title = "<title>" + esc(t.paths().get(r)) + "</title>";
                if (outliers.contains(r)) {
                    h.append(String.format(Locale.ROOT, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" "
                            + "stroke=\"#000\">%s</polygon>", x, y - 6, x - 5, y + 4, x + 5, y + 4, fill, title));
                } else if (dups.contains(r)) {
                    h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\" "
                            + "stroke=\"#000\">%s</rect>", x - 4, y - 4, fill, title));
                } else {
                    h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\" "
                            + "fill-opacity=\"%s\">%s</circle>", x, y, flagged ? "4" : "3", fill,
                            flagged ? "1" : "0.6", title));
                }
                if (issues.contains(r)) {
                    h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"none\" "
                            + "stroke=\"#d62728\" stroke-width=\"2\">%s</circle>", x, y, title));
                }
            }
        }
        h.append("</svg>");
    }

    private static void leaderboard(StringBuilder h, Diagnosis d) {
        if (d.leaderboard() == null) {
            return;
        }
        h.append("<h2>Leaderboard</h2><p>").append(d.folds()).append("-fold accuracy with plain stratified folds, ")
                .append("and with every duplicate group kept in one fold (no photo scored by a head that trained on ")
                .append("its copy).</p><table><tr><th>head</th><th>plain</th><th>grouped</th><th>difference</th></tr>");
        Map<String, CrossValidation.Entry> grouped = new HashMap<>();
        d.leaderboard().get("grouped").forEach(e -> grouped.put(e.head(), e));
        for (CrossValidation.Entry e : d.leaderboard().get("plain")) {
            CrossValidation.Entry g = grouped.get(e.head());
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%+.4f</td></tr>",
                    esc(e.head()), e.accuracy().mean(), g.accuracy().mean(), g.accuracy().mean() - e.accuracy().mean()));
        }
        h.append("</table>");
    }

    private static void img(StringBuilder h, Path root, String path) {
        String uri = Thumbnails.of(root, path);
        if (uri == null) {
            h.append("<div style=\"width:").append(Thumbnails.SIZE).append("px;height:60px;color:#999\">(photo not ")
                    .append("found in the dataset folder)</div>");
        } else {
            h.append("<img src=\"").append(uri).append("\" alt=\"").append(esc(path)).append("\">");
        }
    }

    private static void more(StringBuilder h, int total) {
        if (total > SHOWN) {
            h.append("<p>").append(total - SHOWN).append(" more in ").append(JSON_FILE).append(".</p>");
        }
    }

    private static String colour(int c) {
        return COLOURS[c % COLOURS.length];
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
