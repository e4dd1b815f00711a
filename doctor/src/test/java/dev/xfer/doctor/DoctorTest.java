package dev.xfer.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.SnapshotRef;
import dev.xfer.common.training.Split;
import dev.xfer.doctor.similarity.DuplicateGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The whole examination on a small synthetic table: two clusters, a byte-identical copy, a near copy, a flip. */
class DoctorTest {

    private static FeatureTable table(boolean labelled) {
        int n = 80;
        int d = 16;
        Random rnd = new Random(9);
        float[] x = new float[n * d];
        int[] y = new int[n];
        List<String> paths = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        List<String> sha = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int k = 0; k < d; k++) {
                x[i * d + k] = (float) Math.max(0, (k % 2 == y[i] ? 2 : 0) + rnd.nextGaussian());
            }
            paths.add((i < 60 ? "train/" : "test/") + (y[i] == 0 ? "cat/" : "dog/") + i + ".jpg");
            splits.add(i < 60 ? Split.TRAIN : Split.TEST);
            sha.add("sha" + i);
        }
        // row 70 (test) is a byte-identical copy of row 10 (train); row 41 a near copy of row 3
        System.arraycopy(x, 10 * d, x, 70 * d, d);
        sha.set(70, "sha10");
        y[70] = y[10];
        for (int k = 0; k < d; k++) {
            x[41 * d + k] = x[3 * d + k] * 1.01f;
        }
        y[41] = y[3];
        y[20] = 1 - y[20]; // a flip
        if (!labelled) {
            Arrays.fill(y, -1);
        }
        return new FeatureTable(null, new SnapshotRef("a".repeat(64), "s", "l", "synthetic"),
                labelled ? List.of("cat", "dog") : List.of(), paths, y, splits, sha, new int[n], x, d);
    }

    private static DoctorOptions options() {
        // C = 1: on 80 rows the default 0.01 leaves the flip's probability below the per-class threshold
        return new DoctorOptions(0.99, DoctorOptions.headSpec("logreg", 1.0, 1), 4, 1, 2, List.of());
    }

    @Test
    void findsTheCopiesTheLeakAndTheFlip() throws Exception {
        Diagnosis d = Doctor.examine(table(true), options(), Progress.SILENT);
        List<List<String>> groups = d.duplicates().stream().map(DuplicateGroup::paths).toList();
        assertEquals(List.of(List.of("test/cat/70.jpg", "train/cat/10.jpg"), List.of("train/dog/3.jpg",
                "train/dog/41.jpg")), groups);
        assertTrue(d.duplicates().getFirst().exact());
        assertEquals(List.of("test", "train"), d.duplicates().getFirst().splits());
        assertEquals(1, d.leaks().size());
        assertEquals("train/cat/20.jpg", d.labelIssues().getFirst().path(), d.labelIssues().toString());
        assertEquals("dog", d.labelIssues().getFirst().given(), "its folder says cat, the label was flipped to dog");
        assertEquals("cat", d.labelIssues().getFirst().suggested());
        assertTrue(d.outOfFoldAccuracy() >= DoctorOptions.RELIABLE_ACCURACY, "" + d.outOfFoldAccuracy());
        assertNull(d.labelIssuesWarning(), "a head that is mostly right: the list stands");
        assertEquals(1, d.byteIdenticalPairs());
        for (int i = 1; i < d.labelIssues().size(); i++) {
            assertTrue(d.labelIssues().get(i - 1).rank() >= d.labelIssues().get(i).rank(), "ranked by rank");
        }
    }

    @Test
    void aHeadThatIsOftenWrongMakesTheListUnreliableAndSaysSo() throws Exception {
        // labels unrelated to the features: the head is right about half the time
        FeatureTable clean = table(true);
        int[] y = new int[clean.rows()];
        Random rnd = new Random(3);
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextInt(2);
        }
        FeatureTable t = new FeatureTable(null, clean.source(), clean.classes(), clean.paths(), y, clean.splits(),
                clean.sha256(), clean.views(), clean.features(), clean.dim());
        Diagnosis d = Doctor.examine(t, options(), Progress.SILENT);
        assertTrue(d.outOfFoldAccuracy() < DoctorOptions.RELIABLE_ACCURACY, "" + d.outOfFoldAccuracy());
        assertTrue(d.labelIssuesWarning() != null && d.labelIssuesWarning().startsWith("unreliable"),
                String.valueOf(d.labelIssuesWarning()));
    }

    @Test
    void anUnlabelledSnapshotStillGetsDuplicatesAndLeaks() throws Exception {
        Diagnosis d = Doctor.examine(table(false), options(), Progress.SILENT);
        assertEquals(2, d.duplicates().size());
        assertEquals(1, d.leaks().size());
        assertTrue(d.labelIssues().isEmpty());
        assertNull(d.outOfFoldAccuracy());
    }

    @Test
    void photosThatAreGoneLeaveTheFeaturesToDecideAndTheReportSaysSo(@org.junit.jupiter.api.io.TempDir
                                                                   java.nio.file.Path dir) throws Exception {
        DoctorOptions o = new DoctorOptions(dev.xfer.doctor.similarity.DuplicateRule.atCosine(0.99),
                dir.resolve("moved"), DoctorOptions.headSpec("logreg", 1.0, 1), 4, 1, 2, List.of());
        Diagnosis d = Doctor.examine(table(true), o, Progress.SILENT);
        assertEquals("features only", d.confirmation().by());
        assertTrue(d.confirmation().note().contains("the features alone decide"), d.confirmation().note());
        assertEquals(2, d.duplicates().size());
    }
}
