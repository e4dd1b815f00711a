package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Pooling;
import dev.xfer.common.Preprocessing;
import dev.xfer.common.SharedData;
import dev.xfer.extract.arch.LayerSpec;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.keras.KerasModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hand-made Keras model (nested Sequential, a shared layer, {@code x * 0.5 + 1}, Rescaling, Normalization,
 * LayerNormalization, depthwise, separable and grouped convolutions) read from the files Keras saved it in, against
 * Keras' own features. The files are made by {@code bench/keras_model_file.py} (run by
 * {@code bench/keras_reference.sh}).
 */
class KerasModelFileTest {
    private static final double TOLERANCE = 1e-4;

    static Path referenceDir() {
        String prop = System.getProperty("xfer.keras.model");
        return prop != null ? Path.of(prop) : SharedData.repoRoot().resolve("bench/out/keras-model");
    }

    private static Path dir() {
        Path dir = referenceDir();
        Assumptions.assumeTrue(Files.exists(dir.resolve("meta.json")),
                "no Keras model files at " + dir + ": run bench/keras_reference.sh to make them");
        return dir;
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.keras", "model.h5"})
    void featuresMatchKeras(String name) throws Exception {
        Path dir = dir();
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("meta.json").toFile());
        int n = meta.get("input").get("shape").get(0).asInt();
        KerasModelFile m = KerasModelFile.read(dir.resolve(name), null, Preprocessing.NONE);
        assertEquals(meta.get("size").asInt(), m.fixedSize());
        assertEquals(meta.get("keras_version").asText(), m.kerasVersion());
        // the shared layer is two nodes with the same weights, the nested model's layers are inlined
        assertTrue(m.arch().layers().stream().anyMatch(l -> l.name().equals("shared_call1")));
        assertTrue(m.arch().layers().stream().anyMatch(l -> l.name().equals("inner/depthwise_conv2d")));
        assertEquals(m.weights().of("shared"), m.weights().of("shared_call1"));
        assertTrue(m.arch().layers().stream().anyMatch(l -> l.spec() instanceof LayerSpec.ScalarOp));
        BackboneSpec spec = BackboneSpec.of(m.arch().name()).withPooling(Pooling.AVG);
        float[] expected = Floats.read(dir.resolve("features.f32"));
        try (TfBackbone b = TfBackbone.build(m.arch(), m.weights(), spec, "in the model")) {
            assertEquals(expected.length / n, b.featureShape()[0], "a vector output is taken as it is");
            float[] actual = b.features(Floats.read(dir.resolve("input.f32")), n);
            double rel = Floats.maxAbsDiff(expected, actual) / Floats.maxAbs(expected);
            System.out.printf("keras model file %s: relative error %.3g%n", name, rel);
            assertTrue(rel <= TOLERANCE, name + ": relative error " + rel);
        }
    }

    /** A Sequential model of any input size, read at 40x40, its feature map average-pooled. */
    @ParameterizedTest
    @ValueSource(strings = {"seq.keras", "seq.h5"})
    void sequentialOfAnySizeMatchesKeras(String name) throws Exception {
        Path dir = dir();
        KerasModelFile m = KerasModelFile.read(dir.resolve(name), 40, Preprocessing.NONE);
        assertEquals(null, m.fixedSize());
        float[] expected = Floats.read(dir.resolve("seq_features.f32"));
        BackboneSpec spec = BackboneSpec.of(m.arch().name()).withPooling(Pooling.AVG).withImageSize(40);
        try (TfBackbone b = TfBackbone.build(m.arch(), m.weights(), spec, "in the model")) {
            assertEquals(12, b.featureShape()[0]);
            float[] actual = b.features(Floats.read(dir.resolve("seq_input.f32")), expected.length / 12);
            double rel = Floats.maxAbsDiff(expected, actual) / Floats.maxAbs(expected);
            System.out.printf("keras model file %s: relative error %.3g%n", name, rel);
            assertTrue(rel <= TOLERANCE, name + ": relative error " + rel);
        }
    }

    @Test
    void aLambdaLayerIsRefusedByName() {
        Path dir = dir();
        BadInputException e = assertThrows(BadInputException.class,
                () -> KerasModelFile.read(dir.resolve("lambda.keras"), null, Preprocessing.NONE));
        assertTrue(e.getMessage().contains("layer 'times_two' (Lambda)"), e.getMessage());
        assertTrue(e.getMessage().contains("SavedModel"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    /** What {@code backbone import --keras} writes: a SavedModel that gives Keras' features, with its provenance. */
    @Test
    void theImportedSavedModelGivesKerasFeatures(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path dir = dir();
        int n = new ObjectMapper().readTree(dir.resolve("meta.json").toFile()).get("input").get("shape").get(0).asInt();
        Path out = tmp.resolve("hm");
        var r = new dev.xfer.extract.keras.KerasModelImport(dir.resolve("model.h5"), null, Pooling.AVG, null,
                Preprocessing.NONE, dev.xfer.extract.graph.Device.CPU).writeTo(out, "hm");
        assertEquals("none", r.provenance().pooling());
        assertEquals(dev.xfer.common.Digests.sha256(dir.resolve("model.h5")), r.keras().sha256());
        float[] expected = Floats.read(dir.resolve("features.f32"));
        try (var b = dev.xfer.extract.savedmodel.SavedModelBackbone.open(out, 224)) {
            assertEquals(32, b.imageSize());
            float[] actual = b.features(Floats.read(dir.resolve("input.f32")), n);
            double rel = Floats.maxAbsDiff(expected, actual) / Floats.maxAbs(expected);
            assertTrue(rel <= TOLERANCE, "SavedModel: relative error " + rel);
            assertEquals("in the model", b.provenance().preprocessing());
        }
        assertTrue(Files.exists(out.resolve(dev.xfer.extract.keras.KerasImport.FILE_NAME)));
    }

    @Test
    void aSizeOtherThanTheModelsIsRefused() {
        Path dir = dir();
        BadInputException e = assertThrows(BadInputException.class,
                () -> KerasModelFile.read(dir.resolve("model.keras"), 64, Preprocessing.NONE));
        assertTrue(e.getMessage().contains("takes 32x32 images, not --image-size 64"), e.getMessage());
        BadInputException tiny = assertThrows(BadInputException.class,
                () -> KerasModelFile.read(dir.resolve("seq.keras"), 1, Preprocessing.NONE));
        assertTrue(tiny.getMessage().contains("would be empty; pass a larger --image-size"), tiny.getMessage());
    }
}
