package dev.xfer.cli;

import dev.xfer.common.Pooling;
import dev.xfer.common.Precision;
import dev.xfer.common.Workspace;
import dev.xfer.common.store.DatasetName;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.compare.BackboneChoice;
import dev.xfer.compare.BackboneComparison;
import dev.xfer.compare.BackboneLeaderboard;
import dev.xfer.compare.BackboneReport;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.pipeline.FeatureExtraction;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.HeadBundle;
import dev.xfer.head.Metric;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xfer backbone compare}: which backbone for this data, as one backbone x head leaderboard. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Compare backbones: a backbone x head leaderboard on DATA.",
        description = {"Extract DATA with every backbone of --backbones (each into its own feature store, as "
                + "'xfer extract' does, so a rerun extracts nothing), cross-validate every head of --heads on each "
                + "backbone's features on the same seeded folds over the same photos, and print one leaderboard of "
                + "backbone x head ranked by --metric: accuracy, balanced accuracy and log-loss (mean ± sd over the "
                + "folds), feature width, and the extraction's images/s and seconds ('reused' where every photo "
                + "came from the store and no conv base ran). Writes a self-contained HTML report; --save-best "
                + "saves the winning pair as a head bundle, trained as 'xfer head compare' trains its winner.",
                "",
                "An entry of --backbones is a built-in architecture ('xfer backbone list'), a saved_models/ name "
                + "or a SavedModel folder. --weights applies to the built-ins; an entry may name its own as "
                + "NAME@WEIGHTS: squeezenet@FILE.h5, efficientnet_b0@random, resnet50@imagenet. --image-size sets "
                + "every built-in's input side (small sizes such as 64 make a quick first look; each family's "
                + "default otherwise)."},
        footer = {"", "Examples:",
                "  xfer backbone compare data/pets --backbones resnet50,efficientnet_v2_s,densenet121 "
                        + "--heads logreg,svm --cv 5",
                "  xfer backbone compare data/pets --backbones squeezenet@squeezenet_notop.h5,efficientnet_b0@random "
                        + "--image-size 64 --cv 3 --save-best heads/pets-best"})
final class BackboneCompareCommand implements Callable<Integer> {
    static final String DEFAULT_HEADS = "logreg,svm";

    @Parameters(paramLabel = "DATA", description = "The dataset folder, as 'xfer extract' takes it.")
    Path data;

    @Option(names = "--backbones", required = true, paramLabel = "LIST", description = "Backbones to compare, "
            + "NAME[@WEIGHTS] separated by ',' (repeatable).")
    List<String> backbones;

    @Option(names = "--weights", paramLabel = "W", defaultValue = "imagenet", description = "Weights of the "
            + "built-ins whose entry names none: imagenet, random or a Keras .h5 / .weights.h5 file. "
            + "Default: ${DEFAULT-VALUE}.")
    String weights;

    @Option(names = "--weights-seed", defaultValue = "0", description = "Seed of random weights. "
            + "Default: ${DEFAULT-VALUE}.")
    long weightsSeed;

    @Option(names = "--image-size", paramLabel = "S", description = "Square input side of every built-in. "
            + "Default: each family's (resnet50 224, squeezenet 227, ...).")
    Integer imageSize;

    @Option(names = "--pooling", paramLabel = "P", defaultValue = "avg",
            description = "avg, max or flatten. Default: ${DEFAULT-VALUE}.")
    String pooling;

    @Option(names = "--device", paramLabel = "D", defaultValue = "auto",
            description = "cpu, gpu or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--heads", paramLabel = "GRID", description = "Heads to cross-validate on each backbone, as "
            + "'xfer head compare --heads' takes them (repeatable). Default: " + DEFAULT_HEADS + ".")
    List<String> heads;

    @Option(names = "--metric", defaultValue = "accuracy", paramLabel = "METRIC",
            description = "Ranks the leaderboard and picks the winner: accuracy, balanced_accuracy, macro_f1 "
                    + "or log_loss (lower is better). Default: ${DEFAULT-VALUE}.")
    String metricName;

    @Option(names = "--cv", defaultValue = "5", description = "Folds. Default: ${DEFAULT-VALUE}.")
    int folds;

    @Option(names = "--threads", description = "Folds fitted at once. Default: the number of cores.")
    Integer threads;

    @Mixin
    HeadOptions options;

    @Option(names = "--name", paramLabel = "NAME", description = "The snapshots' dataset name. Default: the "
            + "folder's name.")
    String name;

    @Mixin
    CacheOptions cache;

    @Option(names = "--report", paramLabel = "FILE", description = "Where the HTML report goes (replaced each "
            + "run). Default: reports/backbone-compare-<dataset>.html in the workspace.")
    Path report;

    @Option(names = "--save-best", paramLabel = "DIR", description = "Save the winning head, trained on the "
            + "winning backbone's features, as a head bundle in DIR (for 'xfer predict --head DIR').")
    Path saveBest;

    @Option(names = "--force", description = "Replace --save-best DIR if it exists.")
    boolean force;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var o = spec.commandLine().getOut();
        Metric metric = Metric.of(metricName);
        List<BackboneChoice> choices = BackboneChoice.parseAll(backbones, weights);
        List<CrossValidation.Candidate> candidates = HeadCompareCommand.candidates(heads, null, DEFAULT_HEADS,
                options);
        if (saveBest != null) {
            HeadBundle.requireFree(saveBest, force); // before any extraction
        }
        String dataset = name != null ? DatasetName.of(name) : DatasetName.ofLocation(data.toString());
        Workspace ws = Workspace.current();
        var request = new BackboneComparison.Request(data, dataset, choices, weightsSeed, imageSize,
                Pooling.parse(pooling), Device.parse(device), Precision.FP32, candidates, folds, options.seed,
                ClassWeights.parse(options.classWeight), metric,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                new FeatureExtraction.Options(32, 2, 1024, true), cache.storage(), ws);
        BackboneLeaderboard b = BackboneComparison.run(request, output.progress(spec.commandLine().getErr()));
        Path html = report != null ? report
                : ws.root().resolve("reports").resolve("backbone-compare-" + dataset + ".html");
        java.nio.file.Files.createDirectories(html.toAbsolutePath().getParent());
        BackboneReport.write(html, b);
        if (saveBest != null) {
            b.saveBest(saveBest, force);
            BackboneReport.write(saveBest.resolve("backbones.html"), b);
        }
        if (output.json) {
            var m = (com.fasterxml.jackson.databind.node.ObjectNode) b.toJson();
            m.put("report", html.toString());
            m.put("saved", saveBest == null ? null : saveBest.toString());
            JsonOutput.print(o, m);
            return XferCommand.OK;
        }
        print(o, b, metric);
        o.printf("report: %s%n", html);
        if (saveBest != null) {
            o.printf("saved %s + %s to %s (xfer predict --head %s IMAGE)%n", b.winner().backbone(),
                    b.winner().head(), saveBest, saveBest);
        }
        return XferCommand.OK;
    }

    private static void print(java.io.PrintWriter o, BackboneLeaderboard b, Metric metric) {
        BackboneLeaderboard.Backbone first = b.backbones().getFirst();
        o.printf(Locale.ROOT, "%d backbones on %s (%d photos): %d-fold cross-validation on the same folds; ranked by "
                + "%s (%s is better)%n", b.backbones().size(), b.dataset(), first.images() - first.skipped(),
                b.folds(), metric.id(), metric.higherIsBetter() ? "higher" : "lower");
        for (BackboneLeaderboard.Backbone x : b.backbones()) {
            o.printf(Locale.ROOT, "  %s (%s, %d px): %d features; %s%n", x.label(), x.weights(), x.imageSize(),
                    x.featureWidth(), x.extracted() == 0
                            ? "nothing extracted, all " + x.reused() + " photos reused from store " + x.store()
                            : String.format(Locale.ROOT, "%d extracted, %d reused in %.1f s (%.1f images/s) into store "
                                    + "%s", x.extracted(), x.reused(), x.seconds(), x.imagesPerSecond(), x.store()));
        }
        int bw = Math.max(8, b.leaderboard().stream().mapToInt(r -> r.backbone().length()).max().orElse(8));
        int hw = Math.max(4, b.leaderboard().stream().mapToInt(r -> r.head().length()).max().orElse(4));
        o.printf("  %-3s %-" + bw + "s %-" + hw + "s %-17s %-17s %-17s %6s %9s %9s%n", "#", "backbone", "head",
                mark(metric, Metric.ACCURACY, "accuracy"), mark(metric, Metric.BALANCED_ACCURACY, "balanced acc."),
                mark(metric, Metric.LOG_LOSS, "log-loss"), "width", "images/s", "extract s");
        for (BackboneLeaderboard.Row r : b.leaderboard()) {
            o.printf(Locale.ROOT, "  %-3d %-" + bw + "s %-" + hw + "s %.4f ± %.4f   %.4f ± %.4f   %.4f ± %.4f   %6d "
                            + "%9s %9.1f%n", r.rank(), r.backbone(), r.head(), r.accuracy().mean(), r.accuracy().std(),
                    r.balancedAccuracy().mean(), r.balancedAccuracy().std(), r.logLoss().mean(), r.logLoss().std(),
                    r.featureWidth(), BackboneReport.rate(r.imagesPerSecond()), r.extractionSeconds());
        }
        if (metric == Metric.MACRO_F1) {
            o.printf(Locale.ROOT, "  (ranked by macro-F1: %.4f for the winner; --json has it for every row)%n",
                    b.winner().macroF1().mean());
        }
        o.printf(Locale.ROOT, "winner %s + %s: %s %.4f ± %.4f%n", b.winner().backbone(), b.winner().head(),
                metric.id(), metric.of(b.winner().entry()).mean(), metric.of(b.winner().entry()).std());
    }

    private static String mark(Metric ranked, Metric m, String label) {
        return m == ranked ? label + " *" : label;
    }
}
