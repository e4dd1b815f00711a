package dev.xfer.spark.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.Digests;
import dev.xfer.common.Provenance;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureVector;
import dev.xfer.common.store.Listing;
import dev.xfer.common.store.ListingRow;
import dev.xfer.common.store.Snapshot;
import dev.xfer.common.store.SnapshotInfo;
import dev.xfer.common.store.StoreWriter;
import dev.xfer.common.storage.LocalStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hadoop's FileSystem (file:// here, the same code path as hdfs://) behind the store's Storage interface. */
class HadoopStorageTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheStoragePromises(@TempDir Path tmp) throws Exception {
        HadoopStorage s = new HadoopStorage(tmp.toUri().toString());
        s.write("a/b.json", Storage.bytes(utf8("one")));
        s.write("a/b.json", Storage.bytes(utf8("two")));
        assertArrayEquals(utf8("two"), s.read("a/b.json"));
        assertTrue(s.writeIfAbsent("a/c.json", utf8("first")));
        assertFalse(s.writeIfAbsent("a/c.json", utf8("second")));
        assertArrayEquals(utf8("first"), s.read("a/c.json"));
        String name = s.writeContentAddressed("shards", ".arrow", Storage.bytes(utf8("features")));
        assertEquals(Digests.sha256(utf8("features")) + ".arrow", name);
        assertEquals(List.of("b.json", "c.json"), s.list("a").stream().map(Storage.Entry::name).toList());
        try (var files = Files.list(tmp.resolve("a"))) {
            assertEquals(2, files.count(), "no checksum files, no temporaries left");
        }
        assertEquals(List.of(), s.list("missing"));
        assertThrows(IllegalArgumentException.class, () -> s.read("../x"));
        s.move("a/c.json", "d/c.json");
        assertFalse(s.exists("a/c.json"));
        s.deleteTree("d");
        assertFalse(s.exists("d"));
    }

    @Test
    void aStoreWrittenThroughHadoopReadsLocally(@TempDir Path tmp) throws Exception {
        Provenance p = new Provenance("squeezenet", "squeezenet", "random(seed=1)", "ab", "drop9", "avg", 32, "none",
                new long[] {3}, "0.2.0", Instant.now().toString());
        try (RootAllocator a = new RootAllocator()) {
            Snapshot s;
            try (StoreWriter w = StoreWriter.open(new HadoopStorage(tmp.toString()), p, true, a)) {
                w.append(List.of(new FeatureVector("k1", new float[] {1, 2, 3}),
                        new FeatureVector("k2", new float[] {4, 5, 6})));
                s = w.commit(new Listing(List.of("a", "b"), List.of(new ListingRow("a/1.jpg", "a", null, "k1", 0),
                        new ListingRow("b/1.jpg", "b", null, "k2", 0))), new SnapshotInfo("hdfs-test", "hdfs://x/y",
                        null, List.of(), 2, 2, 0, null, null));
            }
            var t = new Catalog(new LocalStorage(tmp)).resolve(s.id()).table(a, true);
            assertArrayEquals(new float[] {4, 5, 6}, t.row(t.paths().indexOf("b/1.jpg")));
            assertEquals(0, a.getAllocatedMemory());
        }
    }
}
