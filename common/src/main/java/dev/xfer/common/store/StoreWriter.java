package dev.xfer.common.store;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.XferVersion;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.store.legacy.LegacyRun;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A feature store opened for writing by one extraction. Other writers may add to the same store at the same time:
 * each writes shards under names of their own (the sha256 of their bytes), and a snapshot only after every shard
 * its rows need. A writer killed at any moment leaves finished shards, which the next writer finds in the index
 * and uses, and hidden temporaries, which garbage collection removes; nothing a reader of snapshots sees.
 */
public final class StoreWriter implements AutoCloseable {
    /** Where workers of a distributed extraction write shards before the driver publishes them. */
    public static final String STAGING = "staging";

    private final Storage storage;
    private final StoreInfo info;
    private final StoreLease lease;
    private final ShardIndex index;
    private final BufferAllocator allocator;

    private StoreWriter(Storage storage, StoreInfo info, StoreLease lease, ShardIndex index, BufferAllocator allocator) {
        this.storage = storage;
        this.info = info;
        this.lease = lease;
        this.index = index;
        this.allocator = allocator;
    }

    /**
     * Opens (creating if needed) the store for {@code provenance} under {@code cacheRoot}. Refuses a store of other
     * features; waits while garbage collection runs there unless {@code waitForGc} is false.
     */
    public static StoreWriter open(Storage cacheRoot, Provenance provenance, boolean waitForGc,
                                   BufferAllocator allocator) throws IOException {
        return open(cacheRoot, provenance, waitForGc, allocator, false);
    }

    static StoreWriter open(Storage cacheRoot, Provenance provenance, boolean waitForGc, BufferAllocator allocator,
                            boolean migrating) throws IOException {
        String id = StoreId.of(provenance);
        if (!migrating && LegacyRun.exists(cacheRoot, id)) {
            throw new BadInputException(cacheRoot.describe() + "/" + id + " is a cache in xfer 0.1's layout: run "
                    + "'xfer cache migrate' first (it keeps every row and feature), then extract again");
        }
        Storage s = cacheRoot.child(id);
        StoreInfo info = StoreInfo.createOrRead(s, id, provenance);
        info.provenance().requireSameFeatures(provenance, "store " + s.describe(), "this extraction");
        StoreLease lease = StoreLease.writer(s, waitForGc);
        try {
            removeDeadStaging(s);
            return new StoreWriter(s, info, lease, ShardIndex.scan(s, allocator), allocator);
        } catch (IOException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** This writer's id (unique per extraction run): names its dataset record and, on Spark, its staging folder. */
    public String writerId() {
        return lease.id();
    }

    /**
     * Staging folders are named by their writer's id: those of writers no longer alive (a killed Spark driver's)
     * hold nothing anyone will publish.
     */
    private static void removeDeadStaging(Storage s) throws IOException {
        java.util.Set<String> live = new java.util.HashSet<>();
        StoreLease.liveWriters(s).forEach(h -> live.add(h.id()));
        for (Storage.Entry e : s.list(STAGING)) {
            if (!live.contains(e.name())) {
                s.deleteTree(STAGING + "/" + e.name());
            }
        }
    }

    public Storage storage() {
        return storage;
    }

    /** Whether the store has features for {@code key} (written by anyone, finished before this writer opened). */
    public boolean has(String key) {
        return index.contains(key);
    }

    /** Writes {@code rows} as one new shard, durable when this returns. */
    public void append(List<FeatureVector> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        String name = ShardFile.write(storage, info.provenance(), rows, allocator);
        index.add(name, rows.stream().map(FeatureVector::key).toList(), storage.size(ShardFile.DIR + "/" + name));
    }

    /**
     * Moves a finished shard that a worker wrote under {@code stagingDir} of this store (a Spark task attempt's
     * folder, {@link #STAGING}/...) into the store and indexes it. Only the attempts the job keeps are published;
     * the rest are removed with their staging folder.
     */
    public void publish(String stagingDir, String shard) throws IOException {
        String from = stagingDir + "/" + ShardFile.DIR + "/" + shard;
        List<String> keys = ShardFile.keys(storage.child(stagingDir), shard, allocator);
        String to = ShardFile.DIR + "/" + shard;
        if (storage.exists(to)) {
            storage.delete(from); // the same bytes are there already
        } else {
            storage.move(from, to);
        }
        index.add(shard, keys, storage.size(to));
    }

    /**
     * The newest extraction record of {@code dataset} in this store, what {@code --dataset NAME} means until this
     * writer commits; null when the name is new here.
     */
    public DatasetRecord latestRecord(String dataset) throws IOException {
        String dir = DatasetRecord.DIR + "/" + DatasetName.of(dataset);
        DatasetRecord latest = null;
        for (Storage.Entry e : storage.list(dir)) {
            if (e.name().endsWith(".json")) {
                DatasetRecord r = Json.read(storage.read(dir + "/" + e.name()), DatasetRecord.class,
                        storage.describe() + "/" + dir + "/" + e.name());
                if (latest == null || r.objectName().compareTo(latest.objectName()) > 0) {
                    latest = r;
                }
            }
        }
        return latest;
    }

    /**
     * Publishes {@code listing} as a snapshot: the listing object, then the snapshot object (create-if-absent: the
     * same listing in the same store is the same snapshot), then this extraction's dataset record. Every key must
     * be in the store by now.
     */
    public Snapshot commit(Listing listing, SnapshotInfo about) throws IOException {
        for (ListingRow r : listing.rows()) {
            if (!index.contains(r.sha256())) {
                throw new IllegalStateException("no features for " + r.path() + " (view " + r.view() + ") at commit");
            }
        }
        String sha = listing.sha256();
        String id = Snapshot.idOf(info.store(), sha);
        String created = about.created() != null ? about.created() : Instant.now().toString();
        Snapshot mine = new Snapshot(StoreInfo.FORMAT, id, info.store(), sha, about.dataset(), about.root(),
                listing.classes(), listing.images(), listing.rows().size(), about.augmentation(), about.quarantine(),
                created, info.provenance(), XferVersion.get(), about.migratedFrom());
        if (!storage.exists(Snapshot.jsonName(id))) {
            listing.write(storage, Snapshot.listingName(id), allocator);
            storage.writeIfAbsent(Snapshot.jsonName(id), Json.write(mine));
        }
        DatasetRecord record = new DatasetRecord(about.dataset(), id, info.store(), about.root(), created, lease.id(),
                about.images(), about.extracted(), about.reused(), about.quarantine().size());
        storage.write(record.objectName(), Storage.bytes(Json.write(record)));
        // an earlier extraction of the same listing made it: its record (time, quarantine) is the snapshot's
        return Json.read(storage.read(Snapshot.jsonName(id)), Snapshot.class, Snapshot.jsonName(id));
    }

    @Override
    public void close() throws IOException {
        lease.close();
    }
}
