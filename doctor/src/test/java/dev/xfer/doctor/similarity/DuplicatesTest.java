package dev.xfer.doctor.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.Progress;
import dev.xfer.common.SharedData;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.SnapshotRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Duplicate groups: mutual duplicates only, byte-identical files always together, the hash as second signal. */
class DuplicatesTest {
    @TempDir
    Path dir;

    /** Rows of unit features at the given angles (degrees) in the first two dimensions of d = 8. */
    private static FeatureTable table(List<String> paths, List<String> sha, double... degrees) {
        int n = degrees.length;
        int d = 8;
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            x[i * d] = (float) Math.cos(Math.toRadians(degrees[i]));
            x[i * d + 1] = (float) Math.sin(Math.toRadians(degrees[i]));
        }
        return new FeatureTable(null, new SnapshotRef("a".repeat(64), "s", "l", "synthetic"), List.of(), paths,
                filled(n, -1), Collections.nCopies(n, null), sha, new int[n], x, d);
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void aChainOfLookAlikesIsNotOneGroup() throws Exception {
        // A~B and B~C at cosine 0.940, A and C at 0.766: B is a duplicate of one of them, never both in one group
        FeatureTable t = table(List.of("a.jpg", "b.jpg", "c.jpg", "far.jpg"), List.of("1", "2", "3", "4"),
                0, 20, 40, 90);
        List<DuplicateGroup> g = Duplicates.find(t, 0.9, 3, 1, Progress.SILENT).groups();
        assertEquals(1, g.size(), g.toString());
        assertEquals(2, g.getFirst().paths().size(), g.toString());
        assertTrue(g.getFirst().similarity() >= 0.9, g.toString());
        assertFalse(g.getFirst().paths().containsAll(List.of("a.jpg", "c.jpg")), g.toString());
    }

    @Test
    void byteIdenticalFilesAreCountedAsSuchInsideAMixedGroup() throws Exception {
        // p and p2 have the same bytes, q is a near copy of p; r and r2 the same bytes
        FeatureTable t = table(List.of("p.jpg", "p2.jpg", "q.jpg", "r.jpg", "r2.jpg", "s.jpg"),
                List.of("P", "P", "Q", "R", "R", "S"), 0, 0, 10, 60, 60, 120);
        List<DuplicateGroup> g = Duplicates.find(t, 0.95, 3, 1, Progress.SILENT).groups();
        assertEquals(List.of(List.of("p.jpg", "p2.jpg", "q.jpg"), List.of("r.jpg", "r2.jpg")),
                g.stream().map(DuplicateGroup::paths).toList());
        assertEquals(1, g.get(0).identicalPairs());
        assertFalse(g.get(0).exact());
        assertEquals(1, g.get(1).identicalPairs());
        assertTrue(g.get(1).exact());
        assertEquals(DuplicateGroup.Basis.SHA256, g.get(1).confirmedBy());
        assertEquals(2, g.stream().mapToInt(DuplicateGroup::identicalPairs).sum());
    }

    @Test
    void thePerceptualHashConfirmsACopyAndTurnsDownLookAlikes() throws Exception {
        List<Path> photos;
        try (var s = Files.list(SharedData.resolve(SharedData.PETS).resolve("dog"))) {
            photos = s.sorted().limit(3).toList();
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Files.copy(photos.get(i), dir.resolve("photo" + i + ".jpg"));
            paths.add("photo" + i + ".jpg");
        }
        PhotoCopies.nearCopy(photos.get(0), dir.resolve("copy0.jpg"));
        paths.add("copy0.jpg");
        // photo0 and its copy at cosine 0.951; photo1 and photo2, different photos, at 0.990
        FeatureTable t = table(paths, List.of("0", "1", "2", "c"), 0, 50, 58, 18);
        Duplicates.Found f = Duplicates.find(t, DuplicateRule.DEFAULT, dir, 3, 1, Progress.SILENT);
        assertEquals(1, f.groups().size(), f.groups().toString());
        DuplicateGroup g = f.groups().getFirst();
        assertEquals(List.of("copy0.jpg", "photo0.jpg"), g.paths());
        assertEquals(DuplicateGroup.Basis.PERCEPTUAL_HASH, g.confirmedBy());
        assertNotNull(g.hashSimilarity());
        assertTrue(g.hashSimilarity() >= DuplicateRule.DEFAULT_HASH_THRESHOLD, g.toString());
        assertTrue(g.similarity() >= DuplicateRule.DEFAULT_THRESHOLD, g.toString());
        assertEquals(1, f.confirmation().rejectedPairs());
        assertEquals("perceptual hash", f.confirmation().by());

        // no photos at hand: the features alone decide, at the stricter cosine, by the same linkage
        Duplicates.Found alone = Duplicates.find(t, DuplicateRule.DEFAULT, null, 3, 1, Progress.SILENT);
        assertEquals(List.of(List.of("copy0.jpg", "photo0.jpg"), List.of("photo1.jpg", "photo2.jpg")),
                alone.groups().stream().map(DuplicateGroup::paths).toList());
        assertEquals(DuplicateGroup.Basis.FEATURES, alone.groups().get(1).confirmedBy());
        assertNull(alone.groups().get(1).hashSimilarity());
        assertEquals("features only", alone.confirmation().by());

        // a photo gone from the folder: its pair rests on the features, and the report says so
        Files.delete(dir.resolve("photo2.jpg"));
        Duplicates.Found gone = Duplicates.find(t, DuplicateRule.DEFAULT, dir, 3, 1, Progress.SILENT);
        assertEquals(2, gone.groups().size(), gone.groups().toString());
        assertEquals(1, gone.confirmation().photosUnreadable());
        assertTrue(gone.confirmation().note().contains("features alone"), gone.confirmation().note());
    }
}
