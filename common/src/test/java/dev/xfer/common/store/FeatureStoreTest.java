package dev.xfer.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.training.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stores, listings, snapshots and their names, on a real disk with real Arrow files. */
class FeatureStoreTest {
    @Test
    void aListingsDigestIgnoresRowOrderButNotContent() {
        Listing a = Stores.listing(List.of("cat", "dog"), 0, 6);
        List<ListingRow> reversed = new ArrayList<>(a.rows());
        java.util.Collections.reverse(reversed);
        assertEquals(a.sha256(), new Listing(a.classes(), reversed).sha256());
        List<ListingRow> relabelled = new ArrayList<>(a.rows());
        relabelled.set(0, relabelled.getFirst().withSplit(Split.TEST));
        assertNotEquals(a.sha256(), new Listing(a.classes(), relabelled).sha256());
        assertNotEquals(a.sha256(), new Listing(List.of("cat", "dog", "emu"), a.rows()).sha256(), "classes count");
    }

    @Test
    void twoDatasetsInOneStoreKeepTheirOwnRows(@TempDir Path tmp) throws Exception {
        LocalStorage cache = new LocalStorage(tmp);
        try (RootAllocator a = new RootAllocator()) {
            Snapshot sa = Stores.extract(cache, "a", Stores.listing(List.of("cat", "dog"), 0, 10), 4, a);
            Snapshot sb = Stores.extract(cache, "b", Stores.listing(List.of("daisy", "rose"), 5, 10), 4, a);
            assertEquals(sa.store(), sb.store());
            Catalog c = new Catalog(cache);
            FeatureTable ta = c.resolve(sa.id().substring(0, 8)).table(a, true);
            FeatureTable tb = c.resolve(null, "b").table(a, true);
            assertEquals(List.of("cat", "dog"), ta.classes());
            assertEquals(List.of("daisy", "rose"), tb.classes());
            assertEquals(10, ta.rows());
            assertEquals(10, tb.rows());
            Stores.assertHoldsItsFeatures(tb);
            assertEquals(15, FeatureStore.open(cache, sa.store()).index(a).keys(), "keys 0-14, each stored once");
            assertEquals(sa.id(), Stores.extract(cache, "a", Stores.listing(List.of("cat", "dog"), 0, 10), 4, a).id(),
                    "the same listing is the same snapshot");
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void namesResolveToOneSnapshotOrSayWhy(@TempDir Path tmp) throws Exception {
        LocalStorage cache = new LocalStorage(tmp);
        try (RootAllocator a = new RootAllocator()) {
            Snapshot first = Stores.extract(cache, "pets", Stores.listing(List.of("cat", "dog"), 0, 4), 4, a);
            Snapshot second = Stores.extract(cache, "pets", Stores.listing(List.of("cat", "dog"), 0, 6), 4, a);
            Catalog c = new Catalog(cache);
            assertEquals(second.id(), c.latest("pets").snapshot().id());
            assertEquals(first.id(), c.resolve(first.shortId()).snapshot().id());
            assertTrue(assertThrows(BadInputException.class, () -> c.resolve("ffff")).getMessage()
                    .contains("no snapshot ffff"));
            assertTrue(assertThrows(BadInputException.class, () -> c.latest("cats")).getMessage()
                    .contains("datasets: pets"));
            assertTrue(assertThrows(BadInputException.class, () -> c.resolve(first.store())).getMessage()
                    .contains("is a feature store, not a snapshot"));
            assertTrue(assertThrows(BadInputException.class, () -> c.resolve("ab")).getMessage()
                    .contains("at least 4"));
            // extracting the first listing again makes it the latest of its name again
            Stores.extract(cache, "pets", Stores.listing(List.of("cat", "dog"), 0, 4), 4, a);
            assertEquals(first.id(), c.latest("pets").snapshot().id());
        }
    }

    @Test
    void writersOnManyThreadsLoseNothing(@TempDir Path tmp) throws Exception {
        LocalStorage cache = new LocalStorage(tmp);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (RootAllocator a = new RootAllocator()) {
            List<Future<Snapshot>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                // overlapping keys: writers race to extract the same images too
                done.add(pool.submit(() -> Stores.extract(cache, "d" + writer,
                        Stores.listing(List.of("x", "y"), writer * 10, 30), 3, a)));
            }
            Catalog c = new Catalog(cache);
            for (Future<Snapshot> f : done) {
                Snapshot s = f.get();
                FeatureTable t = c.resolve(s.id()).table(a, true);
                assertEquals(30, t.rows());
                Stores.assertHoldsItsFeatures(t);
            }
            assertEquals(4, c.stores().getFirst().snapshots().size());
            try (var s = Files.list(tmp.resolve(c.stores().getFirst().id()).resolve("writers"))) {
                assertEquals(0, s.count(), "every writer withdrew its lease");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
