package dev.xfer.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.bundle.BundleReferences;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What gc keeps, what it drops, and that kept snapshots read the same values afterwards. */
class StoreGcTest {
    @Test
    void keepsNamedAndLatestSnapshotsAndExactlyTheirRows(@TempDir Path tmp) throws Exception {
        LocalStorage cache = new LocalStorage(tmp);
        try (RootAllocator a = new RootAllocator()) {
            Snapshot old = Stores.extract(cache, "pets", Stores.listing(List.of("cat", "dog"), 0, 12), 5, a);
            Snapshot named = Stores.extract(cache, "pets", Stores.listing(List.of("cat", "dog"), 100, 6), 5, a);
            Snapshot latest = Stores.extract(cache, "pets", Stores.listing(List.of("cat", "dog"), 4, 6), 5, a);
            FeatureStore store = FeatureStore.open(cache, old.store());
            BundleReferences refs = new BundleReferences(Set.of(named.id()), Set.of());
            Files.writeString(tmp.resolve(old.store()).resolve("shards/.x.arrow.1.tmp"), "killed writer's");

            StoreGc.Plan dry = StoreGc.plan(store, refs, a);
            assertEquals(List.of(old.id()), dry.drop().stream().map(Snapshot::id).toList());
            assertEquals(2, dry.kept().size());
            assertTrue(dry.bytes() > 0);
            assertEquals(1, dry.temporaries().size());
            assertEquals(3, store.snapshots().size(), "a plan changes nothing");

            StoreGc.Plan done = StoreGc.apply(store, refs, a);
            assertFalse(done.busy());
            assertEquals(2, store.snapshots().size());
            Catalog c = new Catalog(cache);
            for (Snapshot s : List.of(named, latest)) {
                FeatureTable t = c.resolve(s.id()).table(a, true);
                Stores.assertHoldsItsFeatures(t);
            }
            assertEquals(12, store.index(a).keys(), "keys 100-105 and 4-9 remain, once each");
            int rows = store.index(a).shards().values().stream().mapToInt(List::size).sum();
            assertEquals(12, rows, "no row twice, none unused");
            assertEquals(0, new LocalStorage(tmp.resolve(old.store())).temporaries("shards").size());
            assertEquals(latest.id(), c.latest("pets").snapshot().id());
            assertEquals(0, StoreGc.plan(store, refs, a).bytes(), "a second gc finds nothing");
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void neverRunsBesideALiveWriterAndRemovesDeadOnesLeases(@TempDir Path tmp) throws Exception {
        LocalStorage cache = new LocalStorage(tmp);
        try (RootAllocator a = new RootAllocator()) {
            Snapshot s = Stores.extract(cache, "pets", Stores.listing(List.of("cat", "dog"), 0, 4), 4, a);
            Storage st = cache.child(s.store());
            FeatureStore store = FeatureStore.open(cache, s.store());
            try (StoreLease writer = StoreLease.writer(st, true)) {
                assertTrue(StoreGc.apply(store, new BundleReferences(Set.of(), Set.of()), a).busy());
                assertTrue(st.exists(Snapshot.jsonName(s.id())), "a busy store is left alone");
            }
            // a writer killed without withdrawing: its process is gone
            Process dead = new ProcessBuilder("true").start();
            dead.waitFor();
            StoreLease.Holder ghost = new StoreLease.Holder("ghost", "writer", java.net.InetAddress.getLocalHost()
                    .getHostName(), dead.pid(), java.time.Instant.now().toString(), java.time.Instant.now().toString());
            st.write("writers/ghost.json", Storage.bytes(Json.write(ghost)));
            assertEquals(List.of(), StoreLease.liveWriters(st));
            StoreGc.Plan p = StoreGc.apply(store, new BundleReferences(Set.of(), Set.of()), a);
            assertFalse(p.busy());
            assertEquals(0, p.drop().size(), "the only snapshot is its dataset's latest");
            assertFalse(st.exists("writers/ghost.json"));
        }
    }
}
