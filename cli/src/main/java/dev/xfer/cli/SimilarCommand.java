package dev.xfer.cli;

import dev.xfer.common.Backbone;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.doctor.similarity.Nearest;
import dev.xfer.extract.image.ImageDecoder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xfer similar}: a snapshot's photos nearest to given photos, by cosine of the cached features. */
@Command(name = "similar", mixinStandardHelpOptions = true,
        header = "List a snapshot's photos most like each image.",
        description = {"The photos of a snapshot most similar to each IMAGE (cosine of the features). An IMAGE is a "
                + "path as the snapshot lists it, or any file: one whose bytes are in the snapshot is looked up, "
                + "any other runs through the snapshot's conv base once."},
        footer = {"", "Examples:", "  xfer similar --dataset pets train/cat/12.jpg --k 5",
                "  xfer similar 1a2b3c4d ~/Downloads/cat.jpg --json"})
final class SimilarCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "A snapshot id or unique prefix (or use --dataset).")
    String snapshotId;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "IMAGE", description = "Photos to look up.")
    List<String> images;

    @Option(names = "--dataset", paramLabel = "NAME", description = "The latest snapshot of dataset NAME; then "
            + "every argument is an IMAGE.")
    String dataset;

    @Mixin
    CacheOptions cache;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours per image. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "The backbone's weights, when they are no longer where the snapshot was extracted from.")
    String weights;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (k < 1) {
            throw new BadInputException("--k " + k + ": at least 1");
        }
        List<String> queries = new ArrayList<>(images == null ? List.of() : images);
        String ref = snapshotId;
        if (dataset != null) {
            queries.addFirst(snapshotId);
            ref = null;
        }
        if (queries.isEmpty()) {
            throw new BadInputException("name at least one IMAGE after the snapshot: xfer similar SNAPSHOT IMAGE...");
        }
        Catalog.Found found = cache.catalog().resolve(ref, dataset);
        FeatureTable t = found.table();
        Map<String, Integer> byPath = new HashMap<>();
        Map<String, Integer> bySha = new HashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            if (t.views()[r] == 0) {
                byPath.put(t.paths().get(r), r);
                bySha.putIfAbsent(t.sha256().get(r), r);
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        Backbone backbone = null;
        ImageDecoder decoder = null;
        try {
            for (String q : queries) {
                Integer row = byPath.get(q);
                Path file = Path.of(q);
                if (row == null && Files.isRegularFile(file)) {
                    row = bySha.get(Digests.sha256(file));
                }
                float[] query;
                String source;
                if (row != null) {
                    query = t.row(row);
                    source = "store";
                } else if (Files.isRegularFile(file)) {
                    if (backbone == null) {
                        backbone = dev.xfer.predict.ConvBases.reopen(t.provenance(), weights,
                                dev.xfer.extract.graph.Device.parse(device), dev.xfer.common.Workspace.current(),
                                Path.of(t.source().describe()));
                        if (backbone.provenance().featureLength() != t.dim()) {
                            throw new BadInputException("the conv base rebuilt from " + t.source().describe()
                                    + "'s provenance gives " + backbone.provenance().featureLength() + " features, "
                                    + "the snapshot has " + t.dim() + "; pass --weights FILE");
                        }
                        decoder = new ImageDecoder(backbone.imageSize());
                    }
                    query = backbone.features(decoder.decode(file), 1);
                    source = "conv base";
                } else {
                    throw new BadInputException(q + ": neither a path in " + t.source().describe()
                            + " nor a file; give a listed path (as 'xfer doctor' prints them) or an image file");
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("image", q);
                m.put("features_from", source);
                m.put("neighbours", Nearest.of(t, query, k, row == null ? -1 : row));
                results.add(m);
            }
        } finally {
            if (decoder != null) {
                decoder.close();
            }
            if (backbone != null) {
                backbone.close();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, Map.of("snapshot", t.source().id(), "results", results));
            return XferCommand.OK;
        }
        for (Map<String, Object> m : results) {
            out.printf("%s (features from the %s):%n", m.get("image"), m.get("features_from"));
            @SuppressWarnings("unchecked")
            List<Nearest.Match> near = (List<Nearest.Match>) m.get("neighbours");
            for (Nearest.Match n : near) {
                // a flat folder has neither classes nor splits: say only what the snapshot knows
                List<String> about = new ArrayList<>();
                if (n.label() != null) {
                    about.add(n.label());
                }
                if (!n.split().equals("none")) {
                    about.add(n.split());
                }
                out.printf(Locale.ROOT, "  %.4f %s%s%n", n.similarity(), n.path(),
                        about.isEmpty() ? "" : " (" + String.join(", ", about) + ")");
            }
        }
        return XferCommand.OK;
    }
}
