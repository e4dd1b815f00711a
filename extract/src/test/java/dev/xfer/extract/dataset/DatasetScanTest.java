package dev.xfer.extract.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.SharedData;
import dev.xfer.common.training.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layouts other tools ship datasets in: Keras' cats_and_dogs_filtered ({@code train/ validation/}) and
 * fastai's ({@code train/ valid/}) are split folders, not classes; split-like names that form no layout are refused.
 */
class DatasetScanTest {

    @Test
    void kerasAndFastaiValidationFoldersAreTheValidationSplit(@TempDir Path tmp) throws Exception {
        for (String val : List.of("validation", "valid", "eval", "Validation")) {
            Path data = tmp.resolve(val + "-layout");
            photos(data, "train", 3);
            photos(data, val, 2);
            DatasetScan scan = DatasetScan.of(data);
            assertEquals(List.of("cat", "dog"), scan.classes(), val);
            assertEquals(Map.of(Split.TRAIN, 6L, Split.VAL, 4L), counts(scan), val);
        }
    }

    @Test
    void trainValTestStillReads(@TempDir Path tmp) throws Exception {
        photos(tmp, "train", 2);
        photos(tmp, "val", 1);
        photos(tmp, "test", 1);
        DatasetScan scan = DatasetScan.of(tmp);
        assertEquals(List.of("cat", "dog"), scan.classes());
        assertEquals(Map.of(Split.TRAIN, 4L, Split.VAL, 2L, Split.TEST, 2L), counts(scan));
    }

    @Test
    void aStrayValidationFolderBesideValIsRefusedNamingBoth(@TempDir Path tmp) throws Exception {
        photos(tmp, "train", 1);
        photos(tmp, "val", 1);
        photos(tmp, "test", 1);
        photos(tmp, "validation", 1);
        BadInputException e = assertThrows(BadInputException.class, () -> DatasetScan.of(tmp));
        assertTrue(e.getMessage().contains("val/, validation/"), e.getMessage());
        assertTrue(e.getMessage().startsWith(tmp.toString()), e.getMessage());
    }

    @Test
    void splitFoldersBesideClassFoldersAreRefusedNamingThem(@TempDir Path tmp) throws Exception {
        photos(tmp, "train", 1);
        Path pets = SharedData.resolve(SharedData.PETS);
        Files.createDirectories(tmp.resolve("bird"));
        Files.copy(pets.resolve("cat/1.jpg"), tmp.resolve("bird/1.jpg"));
        BadInputException e = assertThrows(BadInputException.class, () -> DatasetScan.of(tmp));
        assertTrue(e.getMessage().contains("train/") && e.getMessage().contains("bird/"), e.getMessage());
    }

    @Test
    void classFoldersWithoutSplitNamesAreClasses(@TempDir Path tmp) throws Exception {
        Path pets = SharedData.resolve(SharedData.PETS);
        for (String c : List.of("cat", "dog")) {
            Files.createDirectories(tmp.resolve(c));
            Files.copy(pets.resolve(c + "/1.jpg"), tmp.resolve(c + "/1.jpg"));
        }
        DatasetScan scan = DatasetScan.of(tmp);
        assertEquals(List.of("cat", "dog"), scan.classes());
        assertTrue(scan.images().stream().allMatch(i -> i.split() == null));
    }

    /**
     * The first {@code n} real photos of each class, by name, under {@code root/split/{cat,dog}} (the repository's
     * examples hold a subset of pets2k's file names, so none is named by number).
     */
    static void photos(Path root, String split, int n) throws Exception {
        Path pets = SharedData.resolve(SharedData.PETS);
        for (String c : List.of("cat", "dog")) {
            Path dir = Files.createDirectories(root.resolve(split).resolve(c));
            try (var files = Files.list(pets.resolve(c))) {
                for (Path p : files.sorted().limit(n).toList()) {
                    Files.copy(p, dir.resolve(p.getFileName()));
                }
            }
        }
    }

    private static Map<Split, Long> counts(DatasetScan scan) {
        Map<Split, Long> m = new TreeMap<>();
        scan.images().forEach(i -> m.merge(i.split(), 1L, Long::sum));
        return m;
    }
}
