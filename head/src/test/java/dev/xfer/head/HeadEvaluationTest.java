package dev.xfer.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.Provenance;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.SnapshotRef;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.common.training.Split;
import dev.xfer.head.spec.HeadSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved head scored again: on its own snapshot it gives back the recorded scores; elsewhere, all rows. */
class HeadEvaluationTest {
    private static final Provenance P = new Provenance("squeezenet", "squeezenet", "random(seed=1)", "ab", "drop9",
            "avg", 32, "none", new long[] {4}, "0.2.0", Instant.now().toString());

    /** Two gaussian classes in four dimensions, {@code n} rows, from {@code seed}. */
    static FeatureTable table(String snapshot, List<String> classes, int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        List<String> paths = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) (r.nextGaussian() + (y[i] == 1 ? 1.5 : -1.5));
            }
            paths.add(classes.get(y[i]) + "/" + i + ".jpg");
            splits.add(null);
            shas.add("k" + seed + "-" + i);
        }
        return new FeatureTable(P, new SnapshotRef(snapshot.repeat(8), "store", "listing-" + snapshot, "data"), classes, paths,
                y, splits, shas, new int[n], x, 4);
    }

    @Test
    void aHeadOnItsOwnSnapshotScoresAsRecorded(@TempDir Path tmp) throws Exception {
        FeatureTable t = table("aaaa1111", List.of("cat", "dog"), 80, 1);
        HeadSpec spec = HeadSpec.parse("logreg");
        HeadTraining.Result r = HeadTraining.train(t, spec, ClassWeights.NONE, 0.25, 0.25, Progress.SILENT);
        java.util.Map<String, Object> metrics = new java.util.LinkedHashMap<>();
        metrics.put("train", r.train());
        metrics.put("val", r.val());
        metrics.put("test", r.test());
        Path dir = tmp.resolve("heads/lr");
        HeadBundle.save(dir, r, t, ClassWeights.NONE, metrics, false);
        HeadBundle.Loaded b = HeadBundle.load(dir);
        assertEquals("aaaa1111".repeat(8), b.info().snapshot().id());

        HeadEvaluation.Result own = HeadEvaluation.evaluate(b, t);
        assertTrue(own.own());
        assertEquals(List.of("train", "val", "test"), List.copyOf(own.scores().keySet()));
        assertEquals(20, own.scores().get("val").rows());
        assertTrue(HeadEvaluation.sameAsRecorded(own, b.info()), "the same split, the same scores");

        HeadEvaluation.Result other = HeadEvaluation.evaluate(b, table("bbbb2222", List.of("cat", "dog"), 40, 2));
        assertFalse(other.own());
        assertEquals(40, other.scores().get("all").rows(), "another snapshot: every labelled image");
        assertTrue(other.scores().get("all").accuracy() > 0.8, "well separated classes");

        BadInputException e = assertThrows(BadInputException.class,
                () -> HeadEvaluation.evaluate(b, table("cccc3333", List.of("daisy", "rose"), 40, 3)));
        assertTrue(e.getMessage().contains("knows classes [cat, dog]"), e.getMessage());
        assertThrows(BadInputException.class, () -> HeadBundle.save(dir, r, t, ClassWeights.NONE, metrics, false),
                "an existing bundle is not replaced without force");
        assertTrue(Arrays.stream(t.labels()).allMatch(l -> l >= 0));
    }

    @Test
    void anotherSnapshotScoresThePhotosTheHeadSawInTheSplitTheyHad(@TempDir Path tmp) throws Exception {
        FeatureTable t = table("aaaa1111", List.of("cat", "dog"), 80, 1);
        HeadTraining.Result r = HeadTraining.train(t, HeadSpec.parse("logreg"), ClassWeights.NONE, 0.25, 0.25,
                Progress.SILENT);
        Path dir = tmp.resolve("heads/lr");
        HeadBundle.save(dir, r, t, ClassWeights.NONE, new java.util.LinkedHashMap<>(), false);
        HeadBundle.Loaded b = HeadBundle.load(dir);
        TrainedSplit trained = TrainedSplit.of(b.info(), t);
        HeadTraining.SplitRows own = HeadTraining.split(t, 0.25, 0.25, r.spec().seed());

        // another snapshot: the head's first 30 photos (same bytes, other paths) and 10 it never saw
        FeatureTable fresh = table("dddd4444", List.of("cat", "dog"), 10, 9);
        List<String> paths = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        int[] y = new int[40];
        float[] x = new float[40 * 4];
        for (int i = 0; i < 40; i++) {
            FeatureTable from = i < 30 ? t : fresh;
            int row = i < 30 ? i : i - 30;
            paths.add("other/" + i + ".jpg");
            shas.add(from.sha256().get(row));
            y[i] = from.labels()[row];
            System.arraycopy(from.features(), row * 4, x, i * 4, 4);
        }
        FeatureTable other = new FeatureTable(P, new SnapshotRef("eeee5555".repeat(8), "store", "l", "other"),
                List.of("cat", "dog"), paths, y, java.util.Collections.nCopies(40, (Split) null), shas, new int[40],
                x, 4);
        HeadEvaluation.Result e = HeadEvaluation.evaluate(b, other, trained);
        assertFalse(e.own());
        assertTrue(e.byBytes());
        long seenTrain = Arrays.stream(own.train()).filter(i -> i < 30).count();
        long seenVal = Arrays.stream(own.val()).filter(i -> i < 30).count();
        long seenTest = Arrays.stream(own.test()).filter(i -> i < 30).count();
        assertEquals(seenTrain, e.scores().get("train").rows());
        assertEquals(seenVal, e.scores().get("val").rows());
        assertEquals(seenTest, e.scores().get("test").rows());
        assertEquals(10, e.scores().get("new").rows(), "photos the head never saw");
        assertFalse(e.scores().containsKey("all"));

        // fine-tuning's dealing: the 30 keep their split, the 10 new ones are dealt by the seed among themselves
        TrainedSplit.Dealt d = trained.deal(shas, java.util.Collections.nCopies(40, (Split) null), y, 2, 0.25, 0.25,
                42);
        for (int i = 0; i < 30; i++) {
            assertEquals(trained.splitOf(t.sha256().get(i)), d.split()[i], "photo " + i + " keeps its split");
        }
        assertEquals(30, Arrays.stream(d.kept()).sum());
        assertEquals(10, Arrays.stream(d.fresh()).sum());
        assertTrue(d.source().startsWith("head snapshot aaaa1111aaaa by sha256"), d.source());
    }
}
