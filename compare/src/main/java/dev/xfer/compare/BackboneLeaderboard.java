package dev.xfer.compare;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.ComparisonWinner;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.HeadBundle;
import dev.xfer.head.HeadTraining;
import dev.xfer.head.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code xfer backbone compare} found: per backbone its extraction and features, and one leaderboard of
 * backbone x head, best first by {@code metric} (plain cross-validated means over the same folds).
 */
public record BackboneLeaderboard(@JsonProperty("dataset") String dataset, @JsonProperty("root") String root,
                                  @JsonProperty("folds") int folds, @JsonProperty("seed") long seed,
                                  @JsonProperty("metric") String metric,
                                  @JsonProperty("backbones") List<Backbone> backbones,
                                  @JsonProperty("leaderboard") List<Row> leaderboard,
                                  @JsonProperty("seconds") double seconds,
                                  @JsonIgnore Metric rankedBy, @JsonIgnore List<BackboneComparison.Trial> trials,
                                  @JsonIgnore List<CrossValidation.Candidate> heads,
                                  @JsonIgnore ClassWeights classWeights) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One backbone's phase one. {@code imagesPerSecond} is null when nothing was extracted (every photo came from
     * the store: {@code rate} says {@code reused}), since no conv base ran to be timed.
     */
    public record Backbone(@JsonProperty("backbone") String label, @JsonProperty("name") String name,
                           @JsonProperty("weights") String weights, @JsonProperty("image_size") int imageSize,
                           @JsonProperty("feature_width") int featureWidth, @JsonProperty("snapshot") String snapshot,
                           @JsonProperty("store") String store, @JsonProperty("store_dir") String storeDir,
                           @JsonProperty("images") int images, @JsonProperty("extracted") int extracted,
                           @JsonProperty("reused") int reused, @JsonProperty("skipped") int skipped,
                           @JsonProperty("extraction_seconds") double seconds,
                           @JsonProperty("images_per_second") Double imagesPerSecond,
                           @JsonProperty("rate") String rate) {
    }

    /** One backbone x head line: head compare's entry for it, with the backbone's width and extraction. */
    public record Row(@JsonProperty("rank") int rank, @JsonProperty("backbone") String backbone,
                      @JsonProperty("head") String head, @JsonProperty("feature_width") int featureWidth,
                      @JsonProperty("accuracy") CrossValidation.Stat accuracy,
                      @JsonProperty("balanced_accuracy") CrossValidation.Stat balancedAccuracy,
                      @JsonProperty("macro_f1") CrossValidation.Stat macroF1,
                      @JsonProperty("log_loss") CrossValidation.Stat logLoss,
                      @JsonProperty("fit_seconds") CrossValidation.Stat fitSeconds,
                      @JsonProperty("fold_accuracy") double[] foldAccuracy,
                      @JsonProperty("images_per_second") Double imagesPerSecond,
                      @JsonProperty("extraction_seconds") double extractionSeconds,
                      @JsonIgnore CrossValidation.Entry entry) {
    }

    static BackboneLeaderboard of(BackboneComparison.Request q, List<BackboneComparison.Trial> trials) {
        List<Backbone> backbones = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        double seconds = 0;
        for (BackboneComparison.Trial t : trials) {
            var r = t.extraction();
            Double rate = r.extracted() > 0 ? r.imagesPerSecond() : null;
            Backbone b = new Backbone(t.choice().label(), t.choice().name(), shortWeights(t.table().provenance().weights()),
                    t.table().provenance().imageSize(), t.table().dim(), r.snapshot().id(), r.snapshot().store(),
                    r.storeDir(), r.images(), r.extracted(), r.reused(), r.skipped(), r.seconds(), rate,
                    rate != null ? "measured" : "reused");
            backbones.add(b);
            seconds += r.seconds();
            for (CrossValidation.Entry e : t.cv().board()) {
                rows.add(new Row(0, b.label(), e.spec(), b.featureWidth(), e.accuracy(), e.balancedAccuracy(),
                        e.macroF1(), e.logLoss(), e.fitSeconds(), e.foldAccuracy(), rate, r.seconds(), e));
            }
        }
        Metric m = q.metric();
        rows.sort(Comparator.comparing((Row w) -> m.of(w.entry()).mean(), m.best()));
        List<Row> ranked = new ArrayList<>();
        for (Row w : rows) {
            ranked.add(new Row(ranked.size() + 1, w.backbone(), w.head(), w.featureWidth(), w.accuracy(),
                    w.balancedAccuracy(), w.macroF1(), w.logLoss(), w.fitSeconds(), w.foldAccuracy(),
                    w.imagesPerSecond(), w.extractionSeconds(), w.entry()));
        }
        return new BackboneLeaderboard(q.dataset(), String.valueOf(q.data().toAbsolutePath().normalize()), q.folds(),
                q.seed(), m.id(), backbones, ranked, seconds, m, trials, q.heads(), q.classWeights());
    }

    /** random(seed=0) as it is; a weights file by its name (the store's id and the snapshot keep its sha256). */
    private static String shortWeights(String w) {
        return w == null || !w.contains("/") ? w : w.substring(w.lastIndexOf('/') + 1);
    }

    public Row winner() {
        return leaderboard.getFirst();
    }

    /** As {@code --json} prints it (and {@code backbones.json} in a saved bundle). */
    public JsonNode toJson() {
        return JSON.valueToTree(this);
    }

    /**
     * Trains the winning head on the winning backbone's snapshot exactly as {@code xfer head compare} saves its
     * winner, into {@code dir} (replaced only with {@code force}), this leaderboard beside it.
     */
    public HeadTraining.Result saveBest(Path dir, boolean force) throws IOException {
        HeadBundle.requireFree(dir, force);
        BackboneComparison.Trial t = trials.stream().filter(x -> x.choice().label().equals(winner().backbone()))
                .findFirst().orElseThrow();
        // head compare's winner is the best head of this backbone, which is the overall winner's head (both boards
        // sort stably by the same metric)
        if (!t.cv().winner().spec().equals(winner().head())) {
            throw new IllegalStateException("the leaderboard's winner " + winner().head() + " is not "
                    + winner().backbone() + "'s best head " + t.cv().winner().spec());
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("backbone_compare", Map.of("backbone", winner().backbone(), "head", winner().head(),
                "backbones", backbones.stream().map(Backbone::label).toList()));
        HeadTraining.Result r = ComparisonWinner.save(dir, t.table(), t.cv(), heads, classWeights, folds, extra,
                force);
        HeadBundle.writeJson(dir.resolve("backbones.json"), toJson());
        return r;
    }
}
