package dev.xfer.common.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.AtomicFiles;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Workspace;
import dev.xfer.common.bundle.BundleReferences;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.legacy.LegacyRun;
import dev.xfer.common.training.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xfer 0.1's caches (checked-in fixture, src/test/resources/formats/v0.1) open read-only and migrate losslessly. */
class CacheMigrationTest {
    static final String PLAIN = "squeezenet-drop9-avg-48-c9666815b89c";
    static final String AUGMENTED = "squeezenet-drop9-avg-40-b12ca360ca73";

    /** A workspace holding a copy of the fixture: cache/ with two 0.1 runs, heads/dense-v1 naming the first. */
    static Path fixture(Path tmp) throws Exception {
        Path src = Path.of(CacheMigrationTest.class.getResource("/formats/v0.1").toURI());
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path to = tmp.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return tmp;
    }

    private static Map<String, float[]> byPathAndView(FeatureTable t) {
        Map<String, float[]> m = new HashMap<>();
        for (int i = 0; i < t.rows(); i++) {
            m.put(t.paths().get(i) + "#" + t.views()[i], t.row(i));
        }
        return m;
    }

    @Test
    void oldRunsOpenReadOnlyAndRefuseNewWriters(@TempDir Path tmp) throws Exception {
        LocalStorage cache = new LocalStorage(fixture(tmp).resolve("cache"));
        Catalog c = new Catalog(cache);
        assertEquals(List.of(AUGMENTED, PLAIN), c.legacyRuns().stream().map(LegacyRun::id).toList());
        assertEquals(0, c.stores().size());
        try (RootAllocator a = new RootAllocator()) {
            FeatureTable t = c.resolve(PLAIN).table(a, true);
            assertEquals(6, t.rows());
            assertEquals(512, t.dim());
            assertEquals(List.of("cat", "dog"), t.classes());
            assertTrue(t.source().legacy());
            LegacyRun run = c.legacyRuns().get(1);
            BadInputException e = assertThrows(BadInputException.class,
                    () -> StoreWriter.open(cache, run.manifest().provenance(), true, a));
            assertTrue(e.getMessage().contains("xfer cache migrate"), e.getMessage());
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void migrationKeepsEveryRowAndValue(@TempDir Path tmp) throws Exception {
        Path home = fixture(tmp);
        LocalStorage cache = new LocalStorage(home.resolve("cache"));
        Catalog c = new Catalog(cache);
        try (RootAllocator a = new RootAllocator()) {
            Map<String, FeatureTable> before = new HashMap<>();
            for (LegacyRun run : c.legacyRuns()) {
                before.put(run.id(), FeatureTable.load(run, a, true));
            }
            for (LegacyRun run : c.legacyRuns()) {
                CacheMigration.Result r = CacheMigration.migrate(cache, run, a);
                FeatureTable old = before.get(run.id());
                FeatureTable now = c.resolve(r.snapshot().id()).table(a, true);
                assertEquals(old.rows(), now.rows());
                assertEquals(old.classes(), now.classes());
                Map<String, float[]> want = byPathAndView(old);
                Map<String, float[]> got = byPathAndView(now);
                assertEquals(want.keySet(), got.keySet());
                want.forEach((k, v) -> assertArrayEquals(v, got.get(k), "bit for bit: " + k));
                assertEquals(run.id(), r.snapshot().migratedFrom());
                assertEquals(run.id(), r.snapshot().store(), "the store keeps the run's name");
                assertEquals("data", r.snapshot().dataset());
                assertFalse(Files.exists(home.resolve("cache").resolve(run.id()).resolve("manifest.json")));
            }
            assertEquals(0, c.legacyRuns().size());
            BadInputException twoStores = assertThrows(BadInputException.class, () -> c.latest("data"));
            assertTrue(twoStores.getMessage().contains("snapshots in 2 stores"), twoStores.getMessage());
            Snapshot plain = FeatureStore.open(cache, PLAIN).snapshots().getFirst();
            assertEquals(1, plain.quarantine().size());
            assertTrue(plain.quarantine().getFirst().reason().contains("not an image"));
            Snapshot augmented = FeatureStore.open(cache, AUGMENTED).snapshots().getFirst();
            assertTrue(augmented.augmentation().contains("\"count\":1"), augmented.augmentation());
            FeatureTable views = c.resolve(augmented.id()).table(a, true);
            assertTrue(java.util.Arrays.stream(views.views()).anyMatch(v -> v == 1));
            assertTrue(views.splits().contains(Split.VAL));

            // heads/dense-v1 names run PLAIN in 0.1's cache_run: gc keeps the snapshot migrated from it
            BundleReferences refs = BundleReferences.scan(new Workspace(home));
            assertEquals(java.util.Set.of(PLAIN), refs.legacyRuns());
            assertEquals(1, StoreGc.plan(FeatureStore.open(cache, PLAIN), refs, a).kept().size());
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void aMigrationKilledBeforeItRemovedTheOldFilesRunsAgain(@TempDir Path tmp) throws Exception {
        Path home = fixture(tmp);
        LocalStorage cache = new LocalStorage(home.resolve("cache"));
        Path copy = tmp.resolve("copy-of-run");
        Path run = home.resolve("cache").resolve(PLAIN);
        try (Stream<Path> s = Files.list(run)) {
            Files.createDirectories(copy);
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        try (RootAllocator a = new RootAllocator()) {
            Snapshot first = CacheMigration.migrate(cache, LegacyRun.open(cache, PLAIN), a).snapshot();
            try (Stream<Path> s = Files.list(copy)) {
                for (Path p : s.toList()) {
                    Files.copy(p, run.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Snapshot again = CacheMigration.migrate(cache, LegacyRun.open(cache, PLAIN), a).snapshot();
            assertEquals(first.id(), again.id());
            assertEquals(6, FeatureStore.open(cache, PLAIN).index(a).keys());
            assertEquals(1, FeatureStore.open(cache, PLAIN).index(a).shards().size(), "no shard written twice");
        }
        AtomicFiles.deleteTree(copy);
    }
}
