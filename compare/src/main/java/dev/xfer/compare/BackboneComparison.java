package dev.xfer.compare;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Pooling;
import dev.xfer.common.Precision;
import dev.xfer.common.Progress;
import dev.xfer.common.Workspace;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.storage.StatCache;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.extract.BackboneIdentity;
import dev.xfer.extract.Backbones;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.pipeline.AugmentedViews;
import dev.xfer.extract.pipeline.FeatureExtraction;
import dev.xfer.extract.pipeline.LazyBackbone;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.HeadTraining;
import dev.xfer.head.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code xfer backbone compare}: phase one with every backbone (each into its own feature store, exactly as
 * {@code xfer extract} does, so a rerun extracts nothing), then phase two's cross-validation of every head on each
 * backbone's features, on the same seeded folds over the same photos, as one leaderboard of backbone x head.
 */
public final class BackboneComparison {

    /**
     * What to compare.
     *
     * @param data        the dataset folder, as {@code xfer extract} takes it
     * @param dataset     the name the snapshots get
     * @param backbones   the entries, in the order given
     * @param weightsSeed seed of {@code random} weights
     * @param imageSize   the input side for every built-in, or null for each family's default
     * @param heads       the head configurations, as {@code xfer head compare} takes them
     * @param seed        seed of the folds and the fits
     */
    public record Request(Path data, String dataset, List<BackboneChoice> backbones, long weightsSeed,
                          Integer imageSize, Pooling pooling, Device device, Precision precision,
                          List<CrossValidation.Candidate> heads, int folds, long seed, ClassWeights classWeights,
                          Metric metric, int threads, FeatureExtraction.Options extraction, LocalStorage cache,
                          Workspace workspace) {
        public Request {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(metric, "metric");
            backbones = List.copyOf(backbones);
            heads = List.copyOf(heads);
            if (backbones.isEmpty()) {
                throw new BadInputException("--backbones: none given; list NAME[@WEIGHTS],...");
            }
            if (heads.isEmpty()) {
                throw new BadInputException("--heads: none given; e.g. --heads logreg,svm");
            }
            if (folds < 2) {
                throw new BadInputException("--cv " + folds + ": cross-validation needs at least 2 folds");
            }
            if (pooling == Pooling.NONE) {
                throw new BadInputException("--pooling none: heads take one vector per photo; use avg, max or "
                        + "flatten");
            }
            if (imageSize != null && imageSize < 1) {
                throw new BadInputException("--image-size " + imageSize + ": give a positive side in pixels");
            }
        }

        /** The conv base an entry names, built-ins with the entry's weights. */
        BackboneSpec spec(BackboneChoice c) {
            return new BackboneSpec(c.name(), c.weights(), weightsSeed, null, pooling, imageSize, device, precision);
        }
    }

    /** One backbone's features and its heads' cross-validation, kept to save the winner. */
    record Trial(BackboneChoice choice, FeatureExtraction.Result extraction, FeatureTable table,
                 CrossValidation.Comparison cv) {
    }

    private BackboneComparison() {
    }

    /** Extracts with each backbone in turn and cross-validates every head on its features; progress on each. */
    public static BackboneLeaderboard run(Request q, Progress progress) throws Exception {
        DatasetScan scan = DatasetScan.of(q.data());
        for (BackboneChoice c : q.backbones()) {
            check(q, c); // every entry before the first extraction, so a typo costs nothing
        }
        List<Trial> trials = new ArrayList<>();
        FeatureTable first = null;
        for (BackboneChoice c : q.backbones()) {
            FeatureExtraction.Result r;
            try (LazyBackbone b = LazyBackbone.of(q.spec(c), q.workspace());
                 BufferAllocator allocator = new RootAllocator()) {
                r = FeatureExtraction.run(b, scan, q.cache(), q.dataset(), q.extraction(), AugmentedViews.none(),
                        StatCache.of(q.cache().root().resolve(StatCache.DIR), scan.root()), progress, allocator);
            }
            FeatureTable t = new Catalog(q.cache()).resolve(r.snapshot().id()).table();
            if (first == null) {
                first = t;
            } else {
                requireSamePhotos(first, q.backbones().getFirst(), t, c);
            }
            CrossValidation.Comparison cv = CrossValidation.compare(t, q.heads(), q.folds(), q.seed(),
                    q.classWeights(), q.threads(), progress, null, q.metric(), false);
            trials.add(new Trial(c, r, t, cv));
        }
        return BackboneLeaderboard.of(q, trials);
    }

    /** A known name, a size the family takes, weights only where they apply; nothing is built. */
    private static void check(Request q, BackboneChoice c) {
        if (Backbones.kindOf(c.name(), q.workspace()) == Backbones.Kind.SAVED_MODEL) {
            if (c.override()) {
                throw new BadInputException("--backbones " + c.label() + ": " + c.name() + " is an imported "
                        + "SavedModel, whose weights are inside it; list it without '@'");
            }
            return;
        }
        String w = c.weights();
        if (!w.equalsIgnoreCase("imagenet") && !w.equalsIgnoreCase("random")
                && !java.nio.file.Files.isRegularFile(Path.of(w))) {
            throw new BadInputException("--backbones " + c.name() + ": weights " + w + ": no such file; give "
                    + "imagenet, random or a Keras .h5 / .weights.h5 file");
        }
        BackboneIdentity.predict(q.spec(c), q.workspace());
    }

    /**
     * The folds are dealt over the labelled rows in path order, so they are the same photos in the same folds for
     * every backbone only if every snapshot lists the same labelled photos; one that quarantined another photo
     * would silently compare on other folds.
     */
    private static void requireSamePhotos(FeatureTable a, BackboneChoice ca, FeatureTable b, BackboneChoice cb) {
        List<String> pa = labelledPaths(a);
        List<String> pb = labelledPaths(b);
        if (!pa.equals(pb) || !a.classes().equals(b.classes())) {
            String only = pa.stream().filter(p -> !pb.contains(p)).findFirst()
                    .or(() -> pb.stream().filter(p -> !pa.contains(p)).findFirst())
                    .map(p -> p.substring(0, p.indexOf('\t'))).orElse("the classes");
            throw new BadInputException("backbone compare: " + ca.label() + " and " + cb.label() + " kept different "
                    + "photos (" + only + "), so their folds would differ; fix or remove the photos their "
                    + "snapshots' quarantine lists ('xfer cache show') and run again");
        }
    }

    private static List<String> labelledPaths(FeatureTable t) {
        return Arrays.stream(HeadTraining.labelled(t)).mapToObj(i -> t.paths().get(i) + "\t" + t.labels()[i])
                .toList();
    }
}
