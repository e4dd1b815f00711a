package dev.xfer.common.store;

import dev.xfer.common.storage.Storage;
import dev.xfer.common.store.legacy.LegacyRun;
import dev.xfer.common.store.legacy.LegacyShard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code xfer cache migrate}: turns an xfer 0.1 cache run into a feature store (same id: the run id named the
 * same features) and one snapshot of its dataset, keeping every row and feature value. The old files go only
 * after the snapshot is written, the manifest first; a migration killed halfway is simply run again.
 */
public final class CacheMigration {
    /** What a migration made. */
    public record Result(String run, Snapshot snapshot, int rows, int shards) {
    }

    private static final int ROWS_PER_SHARD = 1024;
    private static final long BYTES_PER_SHARD = 64L << 20;

    private CacheMigration() {
    }

    public static Result migrate(Storage cacheRoot, LegacyRun run, BufferAllocator allocator) throws IOException {
        List<LegacyShard.Row> rows = run.rows(allocator, true);
        LegacyRun.Manifest m = run.manifest();
        Snapshot snapshot;
        int shards = 0;
        try (StoreWriter w = StoreWriter.open(cacheRoot, m.provenance(), true, allocator, true)) {
            int perShard = ShardFile.rowsPerShard(m.provenance().featureLength(), ROWS_PER_SHARD, BYTES_PER_SHARD);
            List<FeatureVector> pending = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (LegacyShard.Row r : rows) {
                if (!w.has(r.sha256()) && seen.add(r.sha256())) {
                    pending.add(new FeatureVector(r.sha256(), r.features()));
                }
                if (pending.size() == perShard) {
                    w.append(pending);
                    pending.clear();
                    shards++;
                }
            }
            if (!pending.isEmpty()) {
                w.append(pending);
                shards++;
            }
            List<ListingRow> listing = rows.stream()
                    .map(r -> new ListingRow(r.path(), r.label(), r.split(), r.sha256(), r.view())).toList();
            long images = listing.stream().filter(r -> r.view() == 0).count();
            snapshot = w.commit(new Listing(m.classes(), listing), new SnapshotInfo(
                    DatasetName.ofFolder(Path.of(m.dataset())), m.dataset(), run.augmentation(), run.quarantine(),
                    images, 0, rows.size(), run.id(), m.updated()));
        }
        Storage dir = run.dir();
        dir.delete(LegacyRun.MANIFEST);
        for (LegacyRun.Shard s : m.shards()) {
            dir.delete(s.file());
        }
        for (Storage.Entry e : dir.list("")) {
            if (!e.directory() && e.name().startsWith("shard-") && e.name().endsWith(".arrow")) {
                dir.delete(e.name()); // shards of 0.1 runs killed before their manifest named them
            }
        }
        for (String f : List.of("quarantine.json", "augmentation.json")) {
            dir.delete(f);
        }
        for (Storage.Entry e : dir.temporaries("")) {
            if (!e.directory()) {
                dir.delete(e.name()); // 0.1's lock file and temporaries
            }
        }
        return new Result(run.id(), snapshot, rows.size(), shards);
    }
}
