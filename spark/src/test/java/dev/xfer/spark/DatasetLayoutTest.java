package dev.xfer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.training.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark driver reads a dataset's top by the same rule as local extraction (no Spark needed for that). */
class DatasetLayoutTest {

    @Test
    void trainAndValidationAreSplitsNotClasses(@TempDir Path tmp) throws Exception {
        folders(tmp, "train", "validation");
        DatasetLayout layout = DatasetLayout.of(new LocalStorage(tmp));
        assertEquals(List.of("cat", "dog"), layout.classes());
        assertEquals(List.of(Split.TRAIN, Split.TRAIN, Split.VAL, Split.VAL),
                layout.folders().stream().map(DatasetLayout.Folder::split).toList());
    }

    @Test
    void aStrayValidBesideValIsRefused(@TempDir Path tmp) throws Exception {
        folders(tmp, "train", "val", "valid");
        BadInputException e = assertThrows(BadInputException.class, () -> DatasetLayout.of(new LocalStorage(tmp)));
        assertTrue(e.getMessage().contains("val/, valid/"), e.getMessage());
    }

    private static void folders(Path root, String... splits) throws Exception {
        for (String s : splits) {
            for (String c : List.of("cat", "dog")) {
                Files.write(Files.createDirectories(root.resolve(s).resolve(c)).resolve("1.jpg"), new byte[] {1});
            }
        }
    }
}
