package dev.xfer.cli;

import dev.xfer.common.store.FeatureTable;
import dev.xfer.doctor.Diagnosis;
import dev.xfer.doctor.Doctor;
import dev.xfer.doctor.DoctorOptions;
import dev.xfer.doctor.report.DoctorReport;
import dev.xfer.doctor.similarity.DuplicateGroup;
import dev.xfer.doctor.similarity.DuplicateRule;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.spec.HeadSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xfer doctor}: near duplicates, leaks, likely label errors and outliers from a snapshot's features. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Find duplicates, leaks and likely label errors.",
        description = {"Examine a snapshot's cached features for data problems (the conv base never runs): "
                + "exact and near-duplicate photos (feature cosine confirmed by a perceptual hash of the photo files, "
                + "every photo of a group a duplicate of every other), duplicates that span train/val/test (leaks), "
                + "likely label errors (confident learning on out-of-fold probabilities, ranked with the nearest "
                + "photos' labels) and outliers; and a cross-validated leaderboard "
                + "with and without duplicate groups kept in one fold, to show how much leaks flatter the score."},
        footer = {"", "Examples:", "  xfer doctor --dataset pets", "  xfer doctor 1a2b3c4d --json > problems.json",
                "  xfer doctor --dataset pets --out doctor/pets   (doctor.json and report.html)"})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    SnapshotOptions snapshot;

    @Option(names = "--threshold", paramLabel = "COSINE",
            description = "Feature cosine at or above which two photos are candidate duplicates. Default: "
                    + DuplicateRule.DEFAULT_THRESHOLD + " where the perceptual hash confirms them, "
                    + DuplicateRule.DEFAULT_FEATURES_ONLY_THRESHOLD + " where a photo cannot be read and the features "
                    + "alone decide; this option sets both.")
    Double threshold;

    @Option(names = "--hash-threshold", paramLabel = "SIMILARITY",
            defaultValue = "" + DuplicateRule.DEFAULT_HASH_THRESHOLD,
            description = "Perceptual-hash similarity (1 - differing bits / 64) at or above which a candidate is "
                    + "confirmed; the photos are read from the dataset folder. Default: ${DEFAULT-VALUE}.")
    double hashThreshold;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "logreg",
            description = "Head type cross-validated for the out-of-fold probabilities. Default: ${DEFAULT-VALUE}.")
    String head;

    @Option(names = "--C", defaultValue = "" + DoctorOptions.DEFAULT_C,
            description = "Inverse regularisation of logreg and svm for the out-of-fold probabilities (stronger than "
                    + "head train's 1.0: an over-fitted head is confidently wrong). Default: ${DEFAULT-VALUE}.")
    double c;

    @Option(names = "--cv", defaultValue = "5", description = "Folds. Default: ${DEFAULT-VALUE}.")
    int folds;

    @Option(names = "--compare", split = ",", defaultValue = "logreg,knn", paramLabel = "HEADS",
            description = "Heads of the leaderboard shown with and without grouped duplicates ('none': skip). "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> compare;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of folds and heads. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", description = "Workers. Default: the number of cores.")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write doctor.json and report.html there.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            dev.xfer.head.HeadBundle.requireFree(out, force);
        }
        List<HeadSpec> board = compare.size() == 1 && compare.getFirst().equals("none") ? List.of()
                : compare.stream().map(h -> HeadSpec.parse(h.trim()).withSeed(seed)).toList();
        dev.xfer.common.store.Catalog.Found found = snapshot.resolve();
        FeatureTable t = found.table();
        Path root = photos(found);
        DoctorOptions o = new DoctorOptions(rule(threshold, hashThreshold), root, DoctorOptions.headSpec(head, c, seed),
                folds, seed, threads != null ? threads : Runtime.getRuntime().availableProcessors(), board);
        Diagnosis d = Doctor.examine(t, o, output.progress(spec.commandLine().getErr()));
        if (out != null) {
            DoctorReport.write(out, d, t, root, force);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (output.json) {
            JsonOutput.print(w, d);
            return XferCommand.OK;
        }
        print(w, d);
        if (out != null) {
            w.printf("wrote %s and %s%n", out.resolve(DoctorReport.JSON_FILE), out.resolve(DoctorReport.HTML_FILE));
        }
        return XferCommand.OK;
    }

    /** The duplicate rule from {@code --threshold} (null: the defaults) and {@code --hash-threshold}. */
    static DuplicateRule rule(Double threshold, double hashThreshold) {
        DoctorOptions.requireThreshold(hashThreshold, "--hash-threshold");
        if (threshold == null) {
            return new DuplicateRule(DuplicateRule.DEFAULT_THRESHOLD, DuplicateRule.DEFAULT_FEATURES_ONLY_THRESHOLD,
                    hashThreshold);
        }
        DoctorOptions.requireThreshold(threshold, "--threshold");
        return new DuplicateRule(threshold, threshold, hashThreshold);
    }

    /** The dataset folder a snapshot was extracted from, where its photos are read for the perceptual hash. */
    static Path photos(dev.xfer.common.store.Catalog.Found found) {
        return found.snapshot() != null && found.snapshot().root() != null ? Path.of(found.snapshot().root()) : null;
    }

    private static void print(PrintWriter w, Diagnosis d) {
        w.printf(Locale.ROOT, "%s: %d photos, %d classes%n", d.snapshot().describe(), d.rows(), d.classes().size());
        boolean split = d.duplicates().stream().anyMatch(g -> g.splits().stream().anyMatch(s -> !s.equals("none")));
        long near = d.duplicates().stream().mapToLong(g -> g.paths().size() * (g.paths().size() - 1) / 2
                - g.identicalPairs()).sum();
        w.printf(Locale.ROOT, "duplicates: %d groups; %d byte-identical pairs (same sha256), %d near pairs (cosine >= "
                + "%.2f%s)%s%n", d.duplicates().size(), d.byteIdenticalPairs(), near, d.confirmation().threshold(),
                d.confirmation().hashThreshold() == null ? ", features only"
                        : String.format(Locale.ROOT, " and perceptual hash >= %.2f", d.confirmation().hashThreshold()),
                split ? String.format(Locale.ROOT, "; %d leaks across splits", d.leaks().size()) : "");
        if (d.confirmation().rejectedPairs() > 0) {
            w.printf("  %d pairs above the cosine threshold were not the same picture by the perceptual hash%n",
                    d.confirmation().rejectedPairs());
        }
        if (d.confirmation().note() != null) {
            w.printf("  note: %s%n", d.confirmation().note());
        }
        for (DuplicateGroup g : d.duplicates().subList(0, Math.min(10, d.duplicates().size()))) {
            String hash = g.hashSimilarity() == null ? ""
                    : String.format(Locale.ROOT, " hash %.3f", g.hashSimilarity());
            w.printf(Locale.ROOT, "  %s cosine %.3f%s  %s%s%n", g.exact() ? "exact" : "near ", g.similarity(), hash,
                    String.join("  ", join(g.paths(), g.splits())), g.leak() ? "  LEAK" : "");
        }
        if (d.duplicates().size() > 10) {
            w.printf("  ... %d more (--json or --out for all)%n", d.duplicates().size() - 10);
        }
        if (d.outOfFoldAccuracy() == null) {
            w.println("likely label errors: not looked for (the snapshot has no class folders)");
        } else {
            w.printf(Locale.ROOT, "likely label errors: %d (%s, %d-fold out-of-fold accuracy %.4f)%n",
                    d.labelIssues().size(), d.head(), d.folds(), d.outOfFoldAccuracy());
            if (d.labelIssuesWarning() != null) {
                w.printf("  %s%n", d.labelIssuesWarning());
            }
        }
        for (Diagnosis.LabelIssue i : d.labelIssues().subList(0, Math.min(10, d.labelIssues().size()))) {
            w.printf(Locale.ROOT, "  %.3f %s: given %s, suggested %s (head %.3f, neighbours %s)%n", i.rank(), i.path(),
                    i.given(), i.suggested(), i.score(), i.neighboursDisagree() == null ? "-"
                            : String.format(Locale.ROOT, "%.2f", i.neighboursDisagree()));
        }
        if (d.labelIssues().size() > 10) {
            w.printf("  ... %d more%n", d.labelIssues().size() - 10);
        }
        w.printf("outliers: %d%n", d.outliers().size());
        for (Diagnosis.OutlierEntry x : d.outliers().subList(0, Math.min(5, d.outliers().size()))) {
            w.printf(Locale.ROOT, "  %.3f %s%n", x.score(), x.path());
        }
        if (d.leaderboard() != null) {
            w.printf("leaderboard, %d-fold accuracy: plain folds vs duplicate groups kept in one fold%n", d.folds());
            Map<String, CrossValidation.Entry> grouped = new java.util.HashMap<>();
            d.leaderboard().get("grouped").forEach(e -> grouped.put(e.head(), e));
            for (CrossValidation.Entry e : d.leaderboard().get("plain")) {
                CrossValidation.Entry g = grouped.get(e.head());
                w.printf(Locale.ROOT, "  %-8s %.4f ± %.4f   %.4f ± %.4f   (%+.4f)%n", e.head(), e.accuracy().mean(),
                        e.accuracy().std(), g.accuracy().mean(), g.accuracy().std(),
                        g.accuracy().mean() - e.accuracy().mean());
            }
        }
    }

    private static List<String> join(List<String> paths, List<String> splits) {
        // an unsplit snapshot's paths stand alone: "(none)" after each says nothing
        return java.util.stream.IntStream.range(0, paths.size())
                .mapToObj(i -> splits.get(i).equals("none") ? paths.get(i) : paths.get(i) + " (" + splits.get(i) + ")")
                .toList();
    }
}
