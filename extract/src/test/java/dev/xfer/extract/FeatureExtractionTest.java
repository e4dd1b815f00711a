package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.SharedData;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureStore;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.StoreLease;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.image.ImageDecoder;
import dev.xfer.extract.pipeline.AugmentedViews;
import dev.xfer.extract.pipeline.FeatureExtraction;
import dev.xfer.extract.pipeline.LazyBackbone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction into a real feature store on disk with the real SqueezeNet weights and real pets photos. */
class FeatureExtractionTest {
    private static final Path PETS = SharedData.resolve(SharedData.PETS);
    private static final FeatureExtraction.Options OPTIONS = new FeatureExtraction.Options(8, 2, 7, true);
    private static TfBackbone backbone;

    @BeforeAll
    static void build() {
        backbone = TfBackbone.build(BackboneSpec.of("squeezenet")
                .withWeights(SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString()).withImageSize(99));
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    /** {@code perClass} pets photos per class, from the {@code skip}-th on, under class folders named {@code names}. */
    static Path dataset(Path dir, int skip, int perClass, String... names) throws Exception {
        String[] from = {"cat", "dog"};
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(dir.resolve(names[c]));
            List<Path> photos;
            try (var s = Files.list(PETS.resolve(from[c]))) {
                photos = s.sorted().skip(skip).limit(perClass).toList();
            }
            for (Path p : photos) {
                Files.copy(p, dir.resolve(names[c]).resolve(p.getFileName()));
            }
        }
        return dir;
    }

    private static FeatureExtraction.Result extract(Path data, Path cache, String name, RootAllocator a)
            throws Exception {
        return FeatureExtraction.run(backbone, DatasetScan.of(data), new LocalStorage(cache), name, OPTIONS,
                Progress.SILENT, a);
    }

    private static FeatureTable table(Path cache, String snapshot, RootAllocator a) throws Exception {
        return new Catalog(new LocalStorage(cache)).resolve(snapshot).table(a, true);
    }

    @Test
    void extractsOnceThenReusesAndFollowsChanges(@TempDir Path tmp) throws Exception {
        Path data = dataset(tmp.resolve("data"), 0, 10, "cat", "dog");
        Path cache = tmp.resolve("cache");
        try (RootAllocator a = new RootAllocator()) {
            var first = extract(data, cache, "pets", a);
            assertEquals(20, first.extracted());
            assertEquals(0, first.reused());
            assertEquals("pets", first.snapshot().dataset());
            FeatureTable t = table(cache, first.snapshot().id(), a);
            assertEquals(20, t.rows());
            assertEquals(List.of("cat", "dog"), t.classes());
            try (var s = Files.list(cache.resolve(first.snapshot().store()).resolve("shards"))) {
                assertEquals(3, s.count(), "7 rows per shard");
            }
            int cat = t.paths().indexOf("cat/1.jpg");
            try (ImageDecoder d = new ImageDecoder(99)) {
                float[] direct = backbone.features(d.decode(data.resolve("cat/1.jpg")), 1);
                // batched and single-image runs may pick different oneDNN kernels: equal to float rounding (~5e-6
                // relative), not bit for bit
                assertArrayEquals(direct, t.row(cat), 1e-4f, "stored features are the backbone's");
            }

            // nothing new: the conv base is never built (a lazy one that fails if asked proves it)
            var again = FeatureExtraction.run(LazyBackbone.of(backbone.provenance(), () -> {
                throw new AssertionError("the conv base was built for an unchanged folder");
            }), DatasetScan.of(data), new LocalStorage(cache), "pets", OPTIONS, AugmentedViews.none(), Progress.SILENT,
                    a);
            assertEquals(0, again.extracted());
            assertEquals(20, again.reused());
            assertEquals(first.snapshot().id(), again.snapshot().id(), "unchanged folder, same snapshot");

            Files.move(data.resolve("cat/1.jpg"), data.resolve("dog/renamed-1.jpg"));
            try (var s = Files.list(PETS.resolve("dog"))) {
                Files.copy(s.sorted().skip(30).findFirst().orElseThrow(), data.resolve("dog/new.jpg"));
            }
            var changed = extract(data, cache, "pets", a);
            assertEquals(1, changed.extracted(), "only the new image is extracted; the moved one is reused");
            assertNotEquals(first.snapshot().id(), changed.snapshot().id());
            FeatureTable after = table(cache, changed.snapshot().id(), a);
            assertEquals(21, after.rows());
            int moved = after.paths().indexOf("dog/renamed-1.jpg");
            assertEquals(1, after.labels()[moved], "the moved photo is a dog now");
            assertArrayEquals(t.row(cat), after.row(moved));
            assertEquals(20, table(cache, first.snapshot().id(), a).rows(), "the first snapshot still reads whole");
            assertEquals(changed.snapshot().id(), new Catalog(new LocalStorage(cache)).latest("pets").snapshot().id());
            assertEquals(0, a.getAllocatedMemory(), "no Arrow memory leaks");
        }
    }

    @Test
    void datasetsShareTheStoreAndKeepTheirOwnRows(@TempDir Path tmp) throws Exception {
        Path a1 = dataset(tmp.resolve("A"), 0, 5, "cat", "dog");
        // B: the 4th to 6th photos of each class under other class names; A has the first five, so four are A's
        Path b1 = dataset(tmp.resolve("B"), 3, 3, "kitten", "puppy");
        Path cache = tmp.resolve("cache");
        try (RootAllocator a = new RootAllocator()) {
            var ra = extract(a1, cache, "A", a);
            var rb = extract(b1, cache, "B", a);
            assertEquals(10, ra.extracted());
            assertEquals(2, rb.extracted(), "only the two photos A does not have run through the conv base");
            assertEquals(4, rb.reused());
            assertEquals(ra.snapshot().store(), rb.snapshot().store(), "one store for one backbone");
            FeatureTable ta = table(cache, ra.snapshot().id(), a);
            FeatureTable tb = table(cache, rb.snapshot().id(), a);
            assertEquals(List.of("cat", "dog"), ta.classes());
            assertEquals(List.of("kitten", "puppy"), tb.classes());
            assertEquals(10, ta.rows());
            assertEquals(6, tb.rows());
            String name;
            try (var s = Files.list(b1.resolve("kitten"))) {
                name = s.sorted().findFirst().orElseThrow().getFileName().toString();
            }
            int inA = ta.paths().indexOf("cat/" + name);
            int inB = tb.paths().indexOf("kitten/" + name);
            assertEquals(ta.sha256().get(inA), tb.sha256().get(inB));
            assertArrayEquals(ta.row(inA), tb.row(inB), "a photo in two datasets has one set of features");
            assertEquals(2, FeatureStore.open(new LocalStorage(cache), ra.snapshot().store()).snapshots().size());
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void shardsOfAWriterKilledBeforeItsSnapshotAreAdopted(@TempDir Path tmp) throws Exception {
        Path data = dataset(tmp.resolve("data"), 0, 5, "cat", "dog");
        Path cache = tmp.resolve("cache");
        try (RootAllocator a = new RootAllocator()) {
            var first = extract(data, cache, "pets", a);
            // what a writer killed after its shards but before its snapshot leaves: shards, no snapshot, no record
            Path store = cache.resolve(first.snapshot().store());
            dev.xfer.common.AtomicFiles.deleteTree(store.resolve("snapshots"));
            dev.xfer.common.AtomicFiles.deleteTree(store.resolve("datasets"));
            var resumed = extract(data, cache, "pets", a);
            assertEquals(0, resumed.extracted());
            assertEquals(first.snapshot().id(), resumed.snapshot().id());
            assertEquals(10, table(cache, resumed.snapshot().id(), a).rows());
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void aWriterWithNoWaitRefusesAStoreBeingGarbageCollected(@TempDir Path tmp) throws Exception {
        Path data = dataset(tmp.resolve("data"), 0, 3, "cat", "dog");
        Path cache = tmp.resolve("cache");
        try (RootAllocator a = new RootAllocator()) {
            var first = extract(data, cache, "pets", a);
            LocalStorage store = new LocalStorage(cache.resolve(first.snapshot().store()));
            try (StoreLease gc = StoreLease.gc(store)) {
                assertTrue(gc != null, "no writer is alive, so gc may start");
                BadInputException e = assertThrows(BadInputException.class, () -> FeatureExtraction.run(backbone,
                        DatasetScan.of(data), new LocalStorage(cache), "pets", new FeatureExtraction.Options(8, 1, 7,
                                false), Progress.SILENT, a));
                assertTrue(e.getMessage().contains("garbage-collected"), e.getMessage());
            }
            assertEquals(0, extract(data, cache, "pets", a).extracted(), "once gc is done, writers go on");
        }
    }
}
