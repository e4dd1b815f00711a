package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.SharedData;
import dev.xfer.common.cache.CacheManifest;
import dev.xfer.common.cache.FeatureCache;
import dev.xfer.common.cache.FeatureRow;
import dev.xfer.common.cache.ShardFile;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.image.ImageDecoder;
import dev.xfer.extract.pipeline.FeatureExtraction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction into a real Arrow cache on disk with the real SqueezeNet weights and real pets photos. */
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

    static Path smallDataset(Path tmp, int perClass) throws Exception {
        Path data = tmp.resolve("data");
        for (String c : List.of("cat", "dog")) {
            Files.createDirectories(data.resolve(c));
            List<Path> photos;
            try (var s = Files.list(PETS.resolve(c))) {
                photos = s.sorted().limit(perClass).toList();
            }
            for (Path p : photos) {
                Files.copy(p, data.resolve(c).resolve(p.getFileName()));
            }
        }
        return data;
    }

    private static List<FeatureRow> rows(Path dir, RootAllocator a) throws Exception {
        List<FeatureRow> all = new ArrayList<>();
        for (CacheManifest.Shard s : CacheManifest.read(dir).shards()) {
            all.addAll(ShardFile.read(dir.resolve(s.file()), a).rows());
        }
        return all;
    }

    @Test
    void extractsOnceThenReusesAndFollowsChanges(@TempDir Path tmp) throws Exception {
        Path data = smallDataset(tmp, 10);
        Path cache = tmp.resolve("cache");
        try (RootAllocator a = new RootAllocator()) {
            var first = FeatureExtraction.run(backbone, DatasetScan.of(data), cache, OPTIONS, Progress.SILENT, a);
            assertEquals(20, first.extracted());
            assertEquals(0, first.reused());
            List<FeatureRow> rows = rows(first.dir(), a);
            assertEquals(20, rows.size());
            assertEquals(List.of("cat", "dog"), first.manifest().classes());
            assertEquals(3, first.manifest().shards().size(), "7 rows per shard");

            FeatureRow cat = rows.stream().filter(r -> r.path().equals("cat/" + "1.jpg")).findFirst()
                    .orElse(rows.getFirst());
            try (ImageDecoder d = new ImageDecoder(99)) {
                float[] direct = backbone.features(d.decode(data.resolve(cat.path())), 1);
                // batched and single-image runs may pick different oneDNN kernels: equal to float rounding (~5e-6
                // relative), not bit for bit
                assertArrayEquals(direct, cat.features(), 1e-4f, "cached features are the backbone's");
            }
            assertEquals(cat.label(), cat.path().substring(0, 3));

            var again = FeatureExtraction.run(backbone, DatasetScan.of(data), cache, OPTIONS, Progress.SILENT, a);
            assertEquals(0, again.extracted());
            assertEquals(20, again.reused());
            assertEquals(first.manifest().shards(), again.manifest().shards(), "unchanged folder, same shards");

            Path moved = data.resolve("dog").resolve("renamed-" + cat.path().substring(4));
            Files.move(data.resolve(cat.path()), moved);
            Files.copy(PETS.resolve("dog/500.jpg"), data.resolve("dog/new.jpg"));
            var changed = FeatureExtraction.run(backbone, DatasetScan.of(data), cache, OPTIONS, Progress.SILENT, a);
            assertEquals(1, changed.extracted(), "only the new image is extracted; the moved one is reused");
            List<FeatureRow> after = rows(changed.dir(), a);
            assertEquals(21, after.size());
            FeatureRow movedRow = after.stream().filter(r -> r.path().startsWith("dog/renamed-")).findFirst()
                    .orElseThrow();
            assertEquals("dog", movedRow.label());
            assertArrayEquals(cat.features(), movedRow.features());
            assertEquals(after.size(), after.stream().map(FeatureRow::path).distinct().count(), "no duplicates");
            try (var files = Files.list(changed.dir())) {
                long shards = files.filter(f -> f.toString().endsWith(".arrow")).count();
                assertEquals(changed.manifest().shards().size(), shards, "unused shards are deleted");
            }
            assertEquals(0, a.getAllocatedMemory(), "no Arrow memory leaks");
        }
    }

    @Test
    void orphanShardsOfAnInterruptedRunAreReused(@TempDir Path tmp) throws Exception {
        Path data = smallDataset(tmp, 5);
        Path cache = tmp.resolve("cache");
        try (RootAllocator a = new RootAllocator()) {
            var first = FeatureExtraction.run(backbone, DatasetScan.of(data), cache, OPTIONS, Progress.SILENT, a);
            // simulate a run killed after writing shards but before its manifest: drop the manifest
            Files.delete(first.dir().resolve(CacheManifest.FILE_NAME));
            var resumed = FeatureExtraction.run(backbone, DatasetScan.of(data), cache, OPTIONS, Progress.SILENT, a);
            assertEquals(0, resumed.extracted());
            assertEquals(10, rows(resumed.dir(), a).size());
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void aSecondWriterFailsClearlyWithNoWait(@TempDir Path tmp) throws Exception {
        Path data = smallDataset(tmp, 3);
        try (RootAllocator a = new RootAllocator();
             FeatureCache held = FeatureCache.openForWrite(tmp.resolve("cache").resolve(
                     dev.xfer.common.cache.RunId.of(backbone.provenance())), backbone.provenance(), a, true)) {
            BadInputException e = assertThrows(BadInputException.class, () -> FeatureExtraction.run(backbone,
                    DatasetScan.of(data), tmp.resolve("cache"), new FeatureExtraction.Options(8, 1, 7, false),
                    Progress.SILENT, a));
            assertTrue(e.getMessage().contains("being written by another"), e.getMessage());
        }
    }
}
