package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.SharedData;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.weights.KerasWeightsFile;
import dev.xfer.extract.weights.WeightSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong, damaged and foreign inputs fail with one message that names the file and what to do. */
class BadWeightsTest {
    private static final Path SQUEEZENET = SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS);

    @Test
    void realSqueezeNetFileLoadsWithEveryShapeChecked() {
        WeightSet w = KerasWeightsFile.read(SQUEEZENET, Architectures.get("squeezenet"));
        assertEquals(25, w.byLayer().size(), "conv1 and three convolutions in each of 8 fire modules");
        long n = w.byLayer().values().stream().flatMap(java.util.List::stream)
                .mapToLong(t -> t.values().length).sum();
        assertEquals(722_496, n);
        assertEquals(Arrays.toString(new long[] {3, 3, 3, 64}), Arrays.toString(w.of("conv1").get(0).shape()));
    }

    @Test
    void weightsOfAnotherArchitectureAreRefusedNamingTheFile() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> KerasWeightsFile.read(SQUEEZENET, Architectures.get("vgg16")));
        assertTrue(e.getMessage().startsWith(SQUEEZENET.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("another architecture"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsRefused(@TempDir Path tmp) throws Exception {
        Path cut = tmp.resolve("cut.h5");
        byte[] all = Files.readAllBytes(SQUEEZENET);
        Files.write(cut, Arrays.copyOf(all, all.length / 3));
        BadInputException e = assertThrows(BadInputException.class,
                () -> KerasWeightsFile.read(cut, Architectures.get("squeezenet")));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    }

    @Test
    void aFileThatIsNotHdf5IsRefused(@TempDir Path tmp) throws Exception {
        Path text = tmp.resolve("weights.h5");
        Files.writeString(text, "this is not HDF5\n".repeat(100));
        BadInputException e = assertThrows(BadInputException.class,
                () -> KerasWeightsFile.read(text, Architectures.get("squeezenet")));
        assertTrue(e.getMessage().startsWith(text.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("HDF5"), e.getMessage());
    }

    @Test
    void aMissingFileIsRefused(@TempDir Path tmp) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> KerasWeightsFile.read(tmp.resolve("none.h5"), Architectures.get("vgg16")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void anUnknownLayerSuggestsWhereToLook() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TfBackbone.build(BackboneSpec.of("inception_v3").withLayer("mixed77")));
        assertTrue(e.getMessage().contains("unknown layer 'mixed77'"), e.getMessage());
        assertTrue(e.getMessage().contains("xfer backbone summary inception_v3"), e.getMessage());
    }

    @Test
    void inputsBelowTheMinimumAreRefusedWithTheMinimum() {
        BadInputException vgg = assertThrows(BadInputException.class,
                () -> TfBackbone.build(BackboneSpec.of("vgg16").withImageSize(31)));
        assertTrue(vgg.getMessage().contains("--image-size 32"), vgg.getMessage());
        BadInputException inc = assertThrows(BadInputException.class,
                () -> TfBackbone.build(BackboneSpec.of("inception_v3").withImageSize(74)));
        assertTrue(inc.getMessage().contains("--image-size 75"), inc.getMessage());
    }

    @Test
    void theSmallestSizesStillBuild() {
        try (TfBackbone b = TfBackbone.build(BackboneSpec.of("vgg16").withImageSize(32).withLayer("block2_pool"))) {
            assertEquals(128, b.featureLength());
            float[] f = b.features(new float[32 * 32 * 3], 1);
            assertEquals(128, f.length);
        }
        try (TfBackbone b = TfBackbone.build(BackboneSpec.of("inception_v3").withImageSize(75))) {
            assertEquals(2048, b.featureLength());
        }
    }
}
