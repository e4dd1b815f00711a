package dev.xfer.doctor.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The perceptual hash on real photos: re-encoded copies stay close, different photos do not. */
class PhotoHashTest {
    @TempDir
    Path dir;

    @Test
    void reEncodedCopiesPassTheThresholdAndDifferentPhotosDoNot() throws Exception {
        List<Path> photos;
        try (var s = Files.list(SharedData.resolve(SharedData.PETS).resolve("cat"))) {
            photos = s.sorted().limit(30).toList();
        }
        List<Long> hashes = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            Path copy = dir.resolve("copy-" + i + ".jpg");
            PhotoCopies.nearCopy(photos.get(i), copy);
            long h = PhotoHash.of(photos.get(i));
            hashes.add(h);
            double sim = PhotoHash.similarity(h, PhotoHash.of(copy));
            assertTrue(sim >= DuplicateRule.DEFAULT_HASH_THRESHOLD, photos.get(i) + " and its copy: " + sim);
        }
        double[] distinct = new double[photos.size() * (photos.size() - 1) / 2];
        int k = 0;
        for (int a = 0; a < photos.size(); a++) {
            for (int b = a + 1; b < photos.size(); b++) {
                distinct[k++] = PhotoHash.similarity(hashes.get(a), hashes.get(b));
            }
        }
        Arrays.sort(distinct);
        assertTrue(distinct[distinct.length / 2] < 0.6, "median of different photos: " + distinct[distinct.length / 2]);
        assertEquals(1.0, PhotoHash.similarity(hashes.getFirst(), PhotoHash.of(photos.getFirst())));
    }

    @Test
    void aPhotoThatCannotBeReadHasNoHash() throws Exception {
        assertNull(PhotoHash.of(dir.resolve("gone.jpg")));
        Files.writeString(dir.resolve("broken.jpg"), "not a jpeg");
        assertNull(PhotoHash.of(dir.resolve("broken.jpg")));
    }
}
