package dev.xfer.common.store;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A feature store opened for reading: the features of one backbone configuration (one {@link StoreId}), shared by
 * every dataset extracted with it, and the dataset snapshots read against it. Layout under {@code cache/ID/}:
 * {@code store.json}; {@code shards/SHA256.arrow} (immutable, append-only); {@code snapshots/ID.json} and
 * {@code ID.listing.arrow}; {@code datasets/NAME/TIME-WRITER.json} (one per extraction); {@code writers/} and
 * {@code gc.json} (who is working on it, {@link StoreLease}).
 */
public final class FeatureStore {
    private final Storage storage;
    private final StoreInfo info;

    FeatureStore(Storage storage, StoreInfo info) {
        this.storage = storage;
        this.info = info;
    }

    /** Whether {@code cacheRoot/id} holds a feature store. */
    public static boolean exists(Storage cacheRoot, String id) throws IOException {
        return cacheRoot.exists(id + "/" + StoreInfo.FILE);
    }

    public static FeatureStore open(Storage cacheRoot, String id) throws IOException {
        Storage s = cacheRoot.child(id);
        if (!s.exists(StoreInfo.FILE)) {
            throw new BadInputException(s.describe() + ": not a feature store (no " + StoreInfo.FILE
                    + "); run 'xfer cache list'");
        }
        return new FeatureStore(s, StoreInfo.read(s));
    }

    public String id() {
        return info.store();
    }

    public Provenance provenance() {
        return info.provenance();
    }

    public Storage storage() {
        return storage;
    }

    /** Every snapshot of the store, oldest first. */
    public List<Snapshot> snapshots() throws IOException {
        List<Snapshot> out = new ArrayList<>();
        for (Storage.Entry e : storage.list(Snapshot.DIR)) {
            if (e.name().endsWith(".json")) {
                out.add(read(Snapshot.DIR + "/" + e.name()));
            }
        }
        out.sort(Comparator.comparing(Snapshot::created).thenComparing(Snapshot::id));
        return out;
    }

    public Snapshot snapshot(String id) throws IOException {
        return read(Snapshot.jsonName(id));
    }

    private Snapshot read(String name) throws IOException {
        return Json.read(storage.read(name), Snapshot.class, storage.describe() + "/" + name);
    }

    /** The listing of {@code s}, checked against the sha256 the snapshot records. */
    public Listing listing(Snapshot s, BufferAllocator allocator) {
        Listing l = Listing.read(storage, Snapshot.listingName(s.id()), allocator);
        if (!l.sha256().equals(s.listingSha256())) {
            throw new BadInputException(storage.describe() + "/" + Snapshot.listingName(s.id()) + ": the listing "
                    + "does not match its snapshot's sha256 (damaged); extract " + s.root() + " again");
        }
        return l;
    }

    /** Every extraction record, oldest first. */
    public List<DatasetRecord> datasetRecords() throws IOException {
        List<DatasetRecord> out = new ArrayList<>();
        for (Storage.Entry dataset : storage.list(DatasetRecord.DIR)) {
            String dir = DatasetRecord.DIR + "/" + dataset.name();
            for (Storage.Entry e : storage.list(dir)) {
                if (e.name().endsWith(".json")) {
                    out.add(Json.read(storage.read(dir + "/" + e.name()), DatasetRecord.class,
                            storage.describe() + "/" + dir + "/" + e.name()));
                }
            }
        }
        out.sort(Comparator.comparing(DatasetRecord::objectName));
        return out;
    }

    /** The newest extraction record of each dataset name. */
    public Map<String, DatasetRecord> latestByDataset() throws IOException {
        Map<String, DatasetRecord> latest = new LinkedHashMap<>();
        for (DatasetRecord r : datasetRecords()) {
            latest.put(r.dataset(), r);
        }
        return latest;
    }

    /** Where every key's features are, from the shards' footers. */
    public ShardIndex index(BufferAllocator allocator) throws IOException {
        return ShardIndex.scan(storage, allocator);
    }
}
