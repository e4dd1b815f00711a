package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.SharedData;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Snapshot;
import dev.xfer.common.training.Split;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.pipeline.FeatureExtraction;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of awkward files: good images are extracted (converted where needed), bad ones listed with why. */
class BadImagesTest {

    @Test
    void badFilesAreQuarantinedAndGoodOnesExtracted(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path cat = Files.createDirectories(data.resolve("cat"));
        Path dog = Files.createDirectories(data.resolve("dog"));
        Path pets = SharedData.resolve(SharedData.PETS);
        Files.copy(pets.resolve("cat/1.jpg"), cat.resolve("good.jpg"));
        Files.copy(pets.resolve("dog/1.jpg"), dog.resolve("chien é ü.jpg"));
        Files.createFile(cat.resolve("empty.jpg"));
        byte[] jpg = Files.readAllBytes(pets.resolve("cat/10.jpg"));
        Files.write(cat.resolve("truncated.jpg"), Arrays.copyOf(jpg, 200));
        Files.writeString(cat.resolve("text.jpg"), "hello, I am not a picture");
        ImageIO.write(image(1, 1, BufferedImage.TYPE_INT_RGB), "png", cat.resolve("one-pixel.png").toFile());
        ImageIO.write(image(40, 30, BufferedImage.TYPE_BYTE_GRAY), "png", dog.resolve("gray.png").toFile());
        ImageIO.write(image(40, 30, BufferedImage.TYPE_INT_ARGB), "png", dog.resolve("alpha.png").toFile());
        ImageIO.write(image(40, 30, BufferedImage.TYPE_USHORT_GRAY), "png", dog.resolve("sixteen-bit.png").toFile());
        ImageIO.write(image(40, 30, BufferedImage.TYPE_INT_RGB), "bmp", dog.resolve("bitmap.bmp").toFile());
        Files.copy(Path.of(BadImagesTest.class.getResource("/images/cmyk.jpg").toURI()), dog.resolve("cmyk.jpg"));
        Files.write(dog.resolve("huge.png"), hugePngHeader());
        Files.createSymbolicLink(dog.resolve("dangling.jpg"), tmp.resolve("nowhere.jpg"));
        Files.createDirectories(dog.resolve("folder.jpg"));
        Files.copy(pets.resolve("dog/10.jpg"), dog.resolve(".hidden.jpg"));
        Files.writeString(dog.resolve("notes.txt"), "not an image name: ignored");

        DatasetScan scan = DatasetScan.of(data);
        try (TfBackbone b = TfBackbone.build(BackboneSpec.of("squeezenet")
                .withWeights(SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString()).withImageSize(64));
             RootAllocator a = new RootAllocator()) {
            var r = FeatureExtraction.run(b, scan, new LocalStorage(tmp.resolve("cache")), "bad",
                    new FeatureExtraction.Options(4, 2, 100, true), Progress.SILENT, a);
            assertEquals(8, r.snapshot().rows(), "good, non-ASCII, 1x1, gray, alpha, 16-bit, CMYK and BMP images");
            Map<String, String> reasons = new HashMap<>();
            JsonNode q = new ObjectMapper().readTree(tmp.resolve("cache").resolve(r.snapshot().store())
                    .resolve(Snapshot.jsonName(r.snapshot().id())).toFile()).get("quarantine");
            q.forEach(n -> reasons.put(n.get("path").asText(), n.get("reason").asText()));
            assertEquals(6, reasons.size(), reasons.toString());
            assertTrue(reasons.get("cat/empty.jpg").contains("empty"), reasons.toString());
            assertTrue(reasons.containsKey("cat/truncated.jpg"), reasons.toString());
            assertTrue(reasons.get("cat/text.jpg").contains("not an image"), reasons.toString());
            assertTrue(reasons.get("dog/huge.png").contains("60000x60000"), reasons.toString());
            assertTrue(reasons.get("dog/dangling.jpg").contains("dangling"), reasons.toString());
            assertTrue(reasons.get("dog/folder.jpg").contains("directory"), reasons.toString());
            assertEquals(6, r.skipped());
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void missingEmptyAndSingleClassFoldersAreBadInput(@TempDir Path tmp) throws Exception {
        assertTrue(assertThrows(BadInputException.class, () -> DatasetScan.of(tmp.resolve("nope")))
                .getMessage().contains("no such folder"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(BadInputException.class, () -> DatasetScan.of(empty)).getMessage()
                .contains("no images found"));
        Path one = Files.createDirectories(tmp.resolve("one/cat"));
        Files.copy(SharedData.resolve(SharedData.PETS).resolve("cat/1.jpg"), one.resolve("a.jpg"));
        assertTrue(assertThrows(BadInputException.class, () -> DatasetScan.of(tmp.resolve("one"))).getMessage()
                .contains("only one class"));
    }

    @Test
    void splitFoldersAndFlatFolders(@TempDir Path tmp) throws Exception {
        Path jpg = SharedData.resolve(SharedData.PETS).resolve("cat/1.jpg");
        for (String s : new String[] {"train/cat", "train/dog", "val/cat", "val/dog"}) {
            Files.createDirectories(tmp.resolve("split").resolve(s));
            Files.copy(jpg, tmp.resolve("split").resolve(s).resolve("x.jpg"));
        }
        DatasetScan split = DatasetScan.of(tmp.resolve("split"));
        assertEquals(4, split.images().size());
        assertEquals(Split.TRAIN, split.images().getFirst().split());
        assertEquals("cat", split.images().getFirst().label());
        Files.createDirectories(tmp.resolve("flat"));
        Files.copy(jpg, tmp.resolve("flat/a.jpg"));
        DatasetScan flat = DatasetScan.of(tmp.resolve("flat"));
        assertEquals(1, flat.images().size());
        assertEquals(null, flat.images().getFirst().label());
    }

    private static BufferedImage image(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 7 << 16) | (y * 5 << 8) | 0x80000000 | ((x + y) & 0xff));
            }
        }
        return img;
    }

    /** A PNG signature and IHDR claiming 60000x60000: must be refused before anything is allocated. */
    private static byte[] hugePngHeader() {
        ByteBuffer b = ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(60000).putInt(60000);
        b.put(new byte[] {8, 2, 0, 0, 0}).putInt(0);
        return b.array();
    }

    /** Only names inside the dataset are checked for a leading dot, not the folders above it. */
    @Test
    void aDatasetUnderAHiddenFolderOrReachedByDotDotIsScanned(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve(".config/data");
        Files.createDirectories(data.resolve("cat"));
        Files.createDirectories(data.resolve("dog"));
        Files.createDirectories(tmp.resolve("elsewhere"));
        Path pets = SharedData.resolve(SharedData.PETS);
        Files.copy(pets.resolve("cat/1.jpg"), data.resolve("cat/1.jpg"));
        Files.copy(pets.resolve("dog/1.jpg"), data.resolve("dog/1.jpg"));
        DatasetScan scan = DatasetScan.of(tmp.resolve("elsewhere/../.config/data"));
        assertEquals(java.util.List.of("cat", "dog"), scan.classes());
        assertEquals(2, scan.images().size());
    }
}
