package dev.xfer.common.store;

import dev.xfer.common.BadInputException;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.store.legacy.LegacyRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Everything under a cache root: feature stores (folders with {@code store.json}), their snapshots, and caches
 * still in xfer 0.1's layout. Turns what a user types (a snapshot id or a unique prefix of one, {@code --dataset
 * NAME}, or an old run id) into what it names, the one place every command asks.
 */
public final class Catalog {
    /** A snapshot of a store, or an xfer 0.1 run opened read-only. */
    public record Found(FeatureStore store, Snapshot snapshot, LegacyRun legacy) {
        public FeatureTable table(BufferAllocator allocator, boolean verify) throws IOException {
            return legacy != null ? FeatureTable.load(legacy, allocator, verify)
                    : FeatureTable.load(store, snapshot, allocator, verify);
        }

        /** The rows without their features ({@link FeatureTable#rowsOf}); an xfer 0.1 run is read whole. */
        public FeatureTable rows() throws IOException {
            try (BufferAllocator a = new org.apache.arrow.memory.RootAllocator()) {
                return legacy != null ? FeatureTable.load(legacy, a, false) : FeatureTable.rowsOf(store, snapshot, a);
            }
        }

        /** The features, every shard checked against its sha256, read with an allocator of its own. */
        public FeatureTable table() throws IOException {
            try (BufferAllocator a = new org.apache.arrow.memory.RootAllocator()) {
                return table(a, true);
            }
        }
    }

    private final Storage root;

    public Catalog(Storage root) {
        this.root = root;
    }

    public Storage root() {
        return root;
    }

    /** Feature stores, by id. */
    public List<FeatureStore> stores() throws IOException {
        List<FeatureStore> out = new ArrayList<>();
        for (Storage.Entry e : root.list("")) {
            if (e.directory() && FeatureStore.exists(root, e.name())) {
                out.add(FeatureStore.open(root, e.name()));
            }
        }
        return out;
    }

    /** Caches in xfer 0.1's layout, by run id. */
    public List<LegacyRun> legacyRuns() throws IOException {
        List<LegacyRun> out = new ArrayList<>();
        for (Storage.Entry e : root.list("")) {
            if (e.directory() && LegacyRun.exists(root, e.name())) {
                out.add(LegacyRun.open(root, e.name()));
            }
        }
        return out;
    }

    /** Exactly one of {@code ref} (a snapshot id, unique prefix, or old run id) and {@code dataset}. */
    public Found resolve(String ref, String dataset) throws IOException {
        if ((ref == null) == (dataset == null)) {
            throw new BadInputException("name one snapshot: a snapshot id (or a unique prefix of one) or --dataset "
                    + "NAME; 'xfer cache list' shows them");
        }
        return ref != null ? resolve(ref) : latest(dataset);
    }

    /** A snapshot by id or unique prefix (at least 4 characters), or an xfer 0.1 run by its id. */
    public Found resolve(String ref) throws IOException {
        if (LegacyRun.exists(root, ref) && !FeatureStore.exists(root, ref)) {
            return new Found(null, null, LegacyRun.open(root, ref));
        }
        if (FeatureStore.exists(root, ref)) {
            throw new BadInputException(ref + " is a feature store, not a snapshot: name one of its snapshots ("
                    + "'xfer cache show " + ref + "' lists them) or use --dataset NAME");
        }
        if (ref.length() < 4 || !ref.matches("[0-9a-f]+")) {
            throw new BadInputException("'" + ref + "' is not a snapshot id (hex, at least 4 characters) in "
                    + root.describe() + "; 'xfer cache list' shows them");
        }
        List<Found> matches = new ArrayList<>();
        for (FeatureStore s : stores()) {
            for (Storage.Entry e : s.storage().list(Snapshot.DIR)) {
                if (e.name().endsWith(".json") && e.name().startsWith(ref)) {
                    matches.add(new Found(s, s.snapshot(e.name().substring(0, e.name().length() - 5)), null));
                }
            }
        }
        if (matches.isEmpty()) {
            throw new BadInputException("no snapshot " + ref + " in " + root.describe()
                    + "; 'xfer cache list' shows them (or pass --cache DIR)");
        }
        if (matches.size() > 1) {
            throw new BadInputException("snapshot prefix " + ref + " is ambiguous (" + String.join(", ",
                    matches.stream().map(f -> f.snapshot().shortId()).toList()) + "); type more of it");
        }
        return matches.getFirst();
    }

    /** The snapshot of the newest extraction of dataset {@code name}. */
    public Found latest(String name) throws IOException {
        List<Found> found = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (FeatureStore s : stores()) {
            for (DatasetRecord r : s.latestByDataset().values()) {
                known.add(r.dataset());
                if (r.dataset().equals(name)) {
                    found.add(new Found(s, s.snapshot(r.snapshot()), null));
                }
            }
        }
        if (found.isEmpty()) {
            throw new BadInputException("no dataset '" + name + "' in " + root.describe() + (known.isEmpty()
                    ? "; extract one with 'xfer extract --name " + name + " ...'"
                    : "; datasets: " + String.join(", ", known.stream().distinct().sorted().toList())));
        }
        if (found.size() > 1) {
            found.sort(Comparator.comparing(f -> f.store().id()));
            throw new BadInputException("dataset '" + name + "' has snapshots in " + found.size() + " stores ("
                    + String.join(", ", found.stream().map(f -> f.snapshot().shortId() + " in " + f.store().id())
                    .toList()) + "); name the snapshot id instead");
        }
        return found.getFirst();
    }
}
