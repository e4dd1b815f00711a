package dev.xfer.cli;

import dev.xfer.common.Provenance;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureStore;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.Listing;
import dev.xfer.common.store.ListingRow;
import dev.xfer.common.store.ShardIndex;
import dev.xfer.common.store.Snapshot;
import dev.xfer.common.training.Split;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xfer cache show}: one snapshot (provenance, counts per class and split, quarantine) or one store. */
@Command(name = "show", mixinStandardHelpOptions = true,
        header = "Show a snapshot or a feature store.",
        description = {"Show a snapshot: where it came from, its features' provenance, images per class and per "
                + "split, what was refused. Or show a store (a store id): its features and its snapshots."})
final class CacheShowCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SNAPSHOT|STORE", description = "A snapshot id (or unique prefix), a "
            + "store id, or an xfer 0.1 run id.")
    String ref;

    @Option(names = "--dataset", paramLabel = "NAME", description = "The latest snapshot of dataset NAME instead.")
    String dataset;

    @Mixin
    CacheOptions cache;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        Catalog catalog = cache.catalog();
        try (RootAllocator a = new RootAllocator()) {
            if (ref != null && dataset == null && FeatureStore.exists(catalog.root(), ref)) {
                Map<String, Object> m = describeStore(FeatureStore.open(catalog.root(), ref), a);
                if (json) {
                    JsonOutput.print(out, m);
                } else {
                    printStore(out, m);
                }
                return XferCommand.OK;
            }
            Catalog.Found f = catalog.resolve(ref, dataset);
            Map<String, Object> m = f.legacy() != null ? describeTable(f.table(a, true))
                    : describeSnapshot(f.snapshot(), f.store().listing(f.snapshot(), a));
            if (json) {
                JsonOutput.print(out, m);
            } else {
                printSnapshot(out, m);
            }
        }
        return XferCommand.OK;
    }

    /** A store's provenance, size and snapshots, as {@code cache list} and {@code cache show STORE} print them. */
    static Map<String, Object> describeStore(FeatureStore s, BufferAllocator a) throws java.io.IOException {
        ShardIndex index = s.index(a);
        Provenance p = s.provenance();
        Map<String, List<String>> latestOf = new HashMap<>();
        s.latestByDataset().values().forEach(r -> latestOf.computeIfAbsent(r.snapshot(), k -> new ArrayList<>())
                .add(r.dataset()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", s.id());
        m.put("backbone", p.backbone());
        m.put("layer", p.layer());
        m.put("pooling", p.pooling());
        m.put("image_size", p.imageSize());
        m.put("feature_vectors", index.keys());
        m.put("shards", index.shards().size());
        m.put("bytes", index.totalBytes());
        List<Map<String, Object>> snaps = new ArrayList<>();
        for (Snapshot sn : s.snapshots()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("snapshot", sn.id());
            e.put("dataset", sn.dataset());
            e.put("images", sn.images());
            e.put("rows", sn.rows());
            e.put("classes", sn.classes());
            e.put("created", sn.created());
            e.put("latest_of", latestOf.getOrDefault(sn.id(), List.of()));
            snaps.add(e);
        }
        m.put("snapshots", snaps);
        return m;
    }

    @SuppressWarnings("unchecked")
    static void printStore(PrintWriter out, Map<String, Object> m) {
        out.printf(Locale.ROOT, "store %s: %s / %s / %s pooling / %d px; %,d feature vectors in %d shards (%.1f MiB)%n",
                m.get("store"), m.get("backbone"), m.get("layer"), m.get("pooling"), (Integer) m.get("image_size"),
                (Integer) m.get("feature_vectors"), (Integer) m.get("shards"), (Long) m.get("bytes") / 1048576.0);
        List<Map<String, Object>> snaps = (List<Map<String, Object>>) m.get("snapshots");
        if (snaps.isEmpty()) {
            out.println("  no snapshots");
            return;
        }
        out.printf("  %-12s  %-20s %7s %7s  %-24s %-17s%n", "snapshot", "dataset", "images", "rows", "classes",
                "created (UTC)");
        for (Map<String, Object> s : snaps) {
            List<String> classes = (List<String>) s.get("classes");
            String cls = classes.isEmpty() ? "unlabelled" : classes.size() <= 3 ? String.join(", ", classes)
                    : classes.size() + " classes";
            out.printf(Locale.ROOT, "  %-12s  %-20s %7d %7d  %-24s %-17s%s%n",
                    s.get("snapshot").toString().substring(0, Snapshot.SHORT), s.get("dataset"), (Long) s.get("images"),
                    (Long) s.get("rows"), cls, s.get("created").toString().replace('T', ' ').substring(0, 16),
                    ((List<?>) s.get("latest_of")).isEmpty() ? "" : "  latest of " + String.join(", ",
                            (List<String>) s.get("latest_of")));
        }
    }

    static Map<String, Object> describeSnapshot(Snapshot s, Listing listing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot", s.id());
        m.put("dataset", s.dataset());
        m.put("root", s.root());
        m.put("created", s.created());
        m.put("store", s.store());
        m.put("listing_sha256", s.listingSha256());
        m.put("provenance", s.provenance());
        m.put("images", s.images());
        m.put("rows", s.rows());
        counts(m, listing.rows());
        m.put("augmentation", s.augmentation() == null ? "none" : s.augmentation());
        if (s.migratedFrom() != null) {
            m.put("migrated_from", s.migratedFrom());
        }
        m.put("quarantine", s.quarantine());
        return m;
    }

    /** An xfer 0.1 run, read-only: the same fields where it has them. */
    static Map<String, Object> describeTable(FeatureTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("legacy_run", t.source().store());
        m.put("dataset", t.source().dataset());
        m.put("provenance", t.provenance());
        m.put("rows", t.rows());
        List<ListingRow> rows = new ArrayList<>();
        for (int i = 0; i < t.rows(); i++) {
            rows.add(new ListingRow(t.paths().get(i), t.labels()[i] < 0 ? null : t.classes().get(t.labels()[i]),
                    t.splits().get(i), t.sha256().get(i), t.views()[i]));
        }
        counts(m, rows);
        return m;
    }

    /** Images per class and per split (a missing label or split reads "none"), and augmented views. */
    private static void counts(Map<String, Object> m, List<ListingRow> rows) {
        Map<String, Integer> perClass = new TreeMap<>();
        Map<String, Integer> perSplit = new TreeMap<>();
        int views = 0;
        for (ListingRow r : rows) {
            if (r.view() > 0) {
                views++;
                continue;
            }
            perClass.merge(r.label() == null ? "none" : r.label(), 1, Integer::sum);
            perSplit.merge(Split.labelOf(r.split()), 1, Integer::sum);
        }
        m.put("per_class", perClass);
        m.put("per_split", perSplit);
        m.put("augmented_views", views);
    }

    static void printSnapshot(PrintWriter out, Map<String, Object> m) {
        Provenance p = (Provenance) m.get("provenance");
        if (m.containsKey("legacy_run")) {
            out.printf("xfer 0.1 cache %s (read-only; 'xfer cache migrate' converts it)%n", m.get("legacy_run"));
        } else {
            out.printf("snapshot %s%n  dataset %s, from %s, created %s%n  store %s, listing sha256 %s%n",
                    m.get("snapshot"), m.get("dataset"), m.get("root"), m.get("created"), m.get("store"),
                    m.get("listing_sha256"));
        }
        out.printf("  backbone %s (%s), weights %s, sha256 %s%n  layer %s, %s pooling, %dx%d px, features %s%n",
                p.backbone(), p.arch(), p.weights(), p.weightsSha256(), p.layer(), p.pooling(), p.imageSize(),
                p.imageSize(), java.util.Arrays.toString(p.featureShape()));
        out.printf("  %s images, %s rows (%s augmented views%s)%n", m.getOrDefault("images", "?"), m.get("rows"),
                m.get("augmented_views"), m.containsKey("augmentation") && !"none".equals(m.get("augmentation"))
                        ? ": " + m.get("augmentation") : "");
        out.printf("  per class: %s%n  per split: %s%n", joined(m.get("per_class")), joined(m.get("per_split")));
        if (m.get("quarantine") instanceof List<?> q) {
            out.printf("  quarantine: %s%n", q.isEmpty() ? "none" : q.size() + " file(s)");
            for (Object r : q) {
                var rej = (dev.xfer.common.store.Rejected) r;
                out.printf("    %s: %s%n", rej.path(), rej.reason());
            }
        }
    }

    private static String joined(Object counts) {
        List<String> parts = new ArrayList<>();
        ((Map<?, ?>) counts).forEach((k, v) -> parts.add(k + " " + v));
        return String.join(", ", parts);
    }
}
