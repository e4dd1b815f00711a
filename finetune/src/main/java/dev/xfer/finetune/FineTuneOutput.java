package dev.xfer.finetune;

import dev.xfer.head.spec.DenseSpec;

import dev.xfer.common.Provenance;
import dev.xfer.common.bundle.BundleFormat;
import dev.xfer.common.training.Split;
import dev.xfer.head.HeadBundle;
import dev.xfer.head.HeadTraining;
import dev.xfer.head.report.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a fine-tuning run leaves in {@code models/NAME/}: the SavedModel, head.json (type {@code finetune},
 * provenance, options, classes, split, scores, and the snapshot of the head it started from: it was trained on
 * images, not on a snapshot), metrics.json and report.html. Returns the summary printed as JSON.
 */
public final class FineTuneOutput {
    private FineTuneOutput() {
    }

    /**
     * Writes the model folder. {@code startHead} is the phase-two bundle training started from (null for a fresh
     * head): the model records its snapshot, so gc keeps the features it came from.
     */
    public static Map<String, Object> write(Path dir, FineTuner.Setup setup, FineTuner tuner, TrainingImages images,
                                            FineTuner.Result r, HeadBundle.Loaded startHead) throws IOException {
        int[] sizes = tuner.headSizes();
        Provenance p = ModelExport.provenance(setup, sizes);
        Map<String, Object> params = new LinkedHashMap<>(setup.spec().params());
        params.put("head_init", startHead == null ? "seeded" : startHead.dir().toString());
        params.put("unfreeze", setup.unfreeze().describe());
        params.put("trainable_layers", List.copyOf(r.trainableLayers()));
        params.put("augment", setup.augment().describe());
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (r.val() != null) {
            metrics.put("val", r.val());
        }
        if (r.test() != null) {
            metrics.put("test", r.test());
        }
        if (r.initialVal() != null) {
            metrics.put("initial_val", Map.of("log_loss", r.initialVal()[0], "accuracy", r.initialVal()[1]));
        }
        metrics.put("best_epoch", r.bestEpoch());
        metrics.put("seconds_per_epoch", r.secondsPerEpoch());
        metrics.put("resumed_after_epoch", r.resumedAfter());
        metrics.put("frozen_variables", r.frozenVariables());
        metrics.put("frozen_sha256_before", r.frozenSha256Before());
        metrics.put("frozen_sha256_after", r.frozenSha256After());
        metrics.put("history", r.history());
        var split = new HeadTraining.SplitInfo(images.splitSource(), setup.spec().seed(), images.val(), images.test(),
                images.indices(Split.TRAIN).length, images.indices(Split.VAL).length,
                images.indices(Split.TEST).length);
        List<String> files = List.of("saved_model.pb", "variables/", "head.json", "metrics.json", "report.html",
                "split.csv");
        HeadBundle.Info info = new HeadBundle.Info(BundleFormat.FORMAT, BundleFormat.FINETUNE_TYPE, params,
                setup.classWeights().spec(), images.classes(), sizes[0], metrics, split, p,
                startHead == null ? null : startHead.info().snapshot(), null, files, p.xferVersion(), p.created());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("trainable", setup.unfreeze().describe() + " (" + r.trainableLayers().size() + " layers) + head "
                + java.util.Arrays.toString(sizes));
        facts.put("augmentation", setup.augment().describe());
        facts.put("optimizer", DenseSpec.name(setup.spec().optimizer()) + ", lr " + setup.spec().lr()
                + (setup.spec().optimizer() == DenseSpec.Optimizer.SGD ? ", momentum " + setup.spec().momentum() : ""));
        facts.put("images", String.format(Locale.ROOT, "%d train, %d val, %d test (%s)", split.trainRows(),
                split.valRows(), split.testRows(), split.source()));
        if (images.kept() != null) {
            facts.put("split kept from the head", images.kept().describe());
        }
        if (r.initialVal() != null) {
            facts.put("validation accuracy of the starting head", String.format(Locale.ROOT, "%.4f (log-loss %.4f)",
                    r.initialVal()[1], r.initialVal()[0]));
        }
        facts.put("seconds per epoch", String.format(Locale.ROOT, "%.1f", r.secondsPerEpoch()));
        facts.put("frozen variables sha256 before", r.frozenSha256Before());
        facts.put("frozen variables sha256 after", r.frozenSha256After());
        String exported = ModelExport.write(dir, setup, sizes, images.classes(), r.trained(), List.of(
                (staging, frozenSha) -> {
                    metrics.put("frozen_sha256_exported", frozenSha);
                    facts.put("frozen variables sha256 in the SavedModel", frozenSha);
                    HeadBundle.writeJson(staging.resolve("head.json"), info);
                    HeadBundle.writeJson(staging.resolve("metrics.json"), metrics);
                    writeSplit(staging.resolve("split.csv"), images);
                    Report.fineTuning(staging.resolve("report.html"), p, r.history(), r.bestEpoch(), r.val(),
                            r.test(), images.classes(), facts);
                }));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", dir.toString());
        out.putAll(metrics);
        out.remove("history");
        out.put("split", split);
        if (images.kept() != null) {
            out.put("split_kept", Map.of("train", images.kept().kept()[0], "val", images.kept().kept()[1],
                    "test", images.kept().kept()[2]));
            out.put("split_new", Map.of("train", images.kept().fresh()[0], "val", images.kept().fresh()[1],
                    "test", images.kept().fresh()[2]));
        }
        out.put("frozen_unchanged", r.frozenSha256Before().equals(r.frozenSha256After())
                && r.frozenSha256Before().equals(exported));
        return out;
    }

    /**
     * Which image went where: {@code path,class,split} per image, paths relative to the dataset folder, so the run
     * can be reproduced or compared (bench/finetune_vs_keras.py trains Keras on exactly these images).
     */
    static void writeSplit(Path file, TrainingImages images) throws IOException {
        StringBuilder b = new StringBuilder("path,class,split\n");
        for (int i = 0; i < images.names().size(); i++) {
            b.append(csv(images.names().get(i))).append(',').append(csv(images.classes().get(images.labels()[i])))
                    .append(',').append(images.split()[i].label()).append('\n');
        }
        java.nio.file.Files.writeString(file, b);
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
