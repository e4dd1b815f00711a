package dev.xfer.common.store;

import dev.xfer.common.Provenance;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.training.Split;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;

/** Test helpers: stores filled without a conv base, with features drawn from a seeded generator. */
final class Stores {
    static final int DIM = 8;

    private Stores() {
    }

    static Provenance provenance() {
        return new Provenance("squeezenet", "squeezenet", "random(seed=1)", "0123456789abcdef", "drop9", "avg", 32,
                "none", new long[] {DIM}, "0.2.0", Instant.now().toString());
    }

    /** Features of the image with this key: the same key always gets the same values. */
    static float[] features(String key) {
        Random r = new Random(key.hashCode());
        float[] f = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            f[i] = r.nextFloat();
        }
        return f;
    }

    /** Asserts that every row of {@code t} holds the features {@link #features} gives its key. */
    static void assertHoldsItsFeatures(FeatureTable t) {
        for (int i = 0; i < t.rows(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(features(t.sha256().get(i)), t.row(i), t.paths().get(i));
        }
    }

    /** A listing of {@code images} photos per class, keys "k" + index from {@code firstKey}. */
    static Listing listing(List<String> classes, int firstKey, int images) {
        List<ListingRow> rows = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            String label = classes.get(i % classes.size());
            rows.add(new ListingRow(label + "/" + i + ".jpg", label, i % 5 == 0 ? Split.VAL : Split.TRAIN,
                    "k" + (firstKey + i), 0));
        }
        return new Listing(classes, rows);
    }

    /** Extracts {@code listing} into the store under {@code cache} as a writer would, shards of {@code perShard}. */
    static Snapshot extract(Storage cache, String dataset, Listing listing, int perShard, BufferAllocator a)
            throws IOException {
        try (StoreWriter w = StoreWriter.open(cache, provenance(), true, a)) {
            List<FeatureVector> pending = new ArrayList<>();
            int extracted = 0;
            for (ListingRow r : listing.rows()) {
                if (!w.has(r.sha256()) && pending.stream().noneMatch(p -> p.key().equals(r.sha256()))) {
                    pending.add(new FeatureVector(r.sha256(), features(r.sha256())));
                    extracted++;
                }
                if (pending.size() == perShard) {
                    w.append(pending);
                    pending.clear();
                }
            }
            w.append(pending);
            return w.commit(listing, new SnapshotInfo(dataset, "/data/" + dataset, null, List.of(),
                    listing.images(), extracted, listing.rows().size() - extracted, null, null));
        }
    }
}
