package dev.xfer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.Progress;
import dev.xfer.common.SharedData;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.pipeline.FeatureExtraction;
import dev.xfer.extract.savedmodel.BackboneExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in this JVM (local[2]: a real Spark scheduler, tasks, shuffles and result handlers) against
 * local extraction of the same photos with the same real SqueezeNet weights.
 */
class SparkExtractionTest {
    private static JavaSparkContext sc;
    private static TfBackbone backbone;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("xfer-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
        backbone = TfBackbone.build(BackboneSpec.of("squeezenet")
                .withWeights(SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString()).withImageSize(64));
    }

    @AfterAll
    static void stop() {
        sc.close();
        backbone.close();
    }

    static Path pets(Path dir, int skip, int perClass) throws Exception {
        for (String c : List.of("cat", "dog")) {
            Files.createDirectories(dir.resolve(c));
            try (Stream<Path> s = Files.list(SharedData.resolve(SharedData.PETS).resolve(c))) {
                for (Path p : s.sorted().skip(skip).limit(perClass).toList()) {
                    Files.copy(p, dir.resolve(c).resolve(p.getFileName()));
                }
            }
        }
        return dir;
    }

    /** max over rows of max|a - b| / max|a|. */
    static double worstRelative(FeatureTable a, FeatureTable b) {
        double worst = 0;
        for (int i = 0; i < a.rows(); i++) {
            float[] x = a.row(i);
            float[] y = b.row(i);
            double diff = 0;
            double max = 0;
            for (int j = 0; j < x.length; j++) {
                diff = Math.max(diff, Math.abs(x[j] - y[j]));
                max = Math.max(max, Math.abs(x[j]));
            }
            worst = Math.max(worst, max == 0 ? diff : diff / max);
        }
        return worst;
    }

    private static JobArgs args(Path data, Path cache, Path model, int partitionMb) {
        return new JobArgs(data.toString(), cache.toUri().toString(), model.toString(), "pets", 4, 5, 64L << 20,
                (long) partitionMb << 20, true, 0);
    }

    @Test
    void aSparkSnapshotIsTheLocalSnapshot(@TempDir Path tmp) throws Exception {
        Path data = pets(tmp.resolve("pets"), 0, 10);
        Files.writeString(data.resolve("dog/broken.jpg"), "not a picture");
        Path model = tmp.resolve("model");
        BackboneExport.write(backbone, model, "squeezenet");
        Path local = tmp.resolve("local-cache");
        Path spark = tmp.resolve("spark-cache");
        try (RootAllocator a = new RootAllocator()) {
            var l = FeatureExtraction.run(backbone, DatasetScan.of(data), new LocalStorage(local), "pets",
                    new FeatureExtraction.Options(4, 2, 5, true), Progress.SILENT, a);
            DistributedExtraction.Result s = DistributedExtraction.run(sc, args(data, spark, model, 64));
            assertEquals(l.snapshot().id(), s.snapshot().id(), "same store, same listing: the same snapshot");
            assertEquals(20, s.extracted());
            assertEquals(1, s.skipped());
            assertEquals("dog/broken.jpg", s.quarantine().getFirst().path());
            assertTrue(s.loadsPerJvm().values().stream().allMatch(n -> n == 1), s.loadsPerJvm().toString());
            FeatureTable lt = new Catalog(new LocalStorage(local)).resolve(l.snapshot().id()).table(a, true);
            FeatureTable st = new Catalog(new LocalStorage(spark)).resolve(s.snapshot().id()).table(a, true);
            assertEquals(lt.paths(), st.paths());
            assertEquals(lt.splits(), st.splits());
            // relative as everywhere in xfer's parity checks: the largest difference over the largest value, per
            // image; batches hold other images on Spark, and oneDNN rounds with the batch
            double worst = worstRelative(lt, st);
            assertTrue(worst <= 1e-5, "features within 1e-5 relative of local extraction's: worst " + worst);

            DistributedExtraction.Result again = DistributedExtraction.run(sc, args(data, spark, model, 64));
            assertEquals(0, again.extracted(), "a rerun extracts nothing");
            assertEquals(s.snapshot().id(), again.snapshot().id());
            pets(tmp.resolve("more"), 10, 3);
            Files.move(tmp.resolve("more/cat"), data.resolve("cat/more"));
            try (Stream<Path> dogs = Files.list(tmp.resolve("more/dog"))) {
                for (Path p : dogs.sorted().limit(2).toList()) {
                    Files.copy(p, data.resolve("dog/new-" + p.getFileName()));
                }
            }
            DistributedExtraction.Result five = DistributedExtraction.run(sc, args(data, spark, model, 1));
            assertEquals(5, five.extracted(), "five new photos, five extracted");
            assertEquals(25, five.snapshot().rows());
            try (var st2 = Files.list(spark.resolve(s.snapshot().store()).resolve("staging"))) {
                assertEquals(0, st2.count(), "no staging left after the job");
            } catch (java.nio.file.NoSuchFileException none) {
                // nothing staged at all
            }
            assertEquals(0, a.getAllocatedMemory());
        }
    }
}
