package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Pooling;
import dev.xfer.common.Provenance;
import dev.xfer.common.SharedData;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.savedmodel.BackboneExport;
import dev.xfer.extract.savedmodel.SavedModelBackbone;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class SavedModelRoundTripTest {
    private static final String WEIGHTS = SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString();

    @Test
    void exportThenReloadGivesIdenticalFeaturesAndProvenance(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("sq");
        float[] images = new float[2 * 99 * 99 * 3];
        for (int i = 0; i < images.length; i++) {
            images[i] = (i * 37 % 256);
        }
        BackboneSpec spec = BackboneSpec.of("squeezenet").withWeights(WEIGHTS).withLayer("fire8")
                .withPooling(Pooling.MAX).withImageSize(99);
        float[] direct;
        Provenance written;
        try (TfBackbone b = TfBackbone.build(spec)) {
            direct = b.features(images, 2);
            written = BackboneExport.write(b, dir, "sq");
        }
        assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
        try (var stale = Files.list(tmp)) {
            assertEquals(1, stale.count(), "no temporary folders are left beside the export");
        }
        Provenance p = Provenance.readFrom(dir);
        assertEquals(written, p);
        assertEquals("sq", p.backbone());
        assertEquals("squeezenet", p.arch());
        assertEquals("17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da", p.weightsSha256());
        assertEquals("fire8/concat", p.layer());
        assertEquals("max", p.pooling());
        assertEquals(99, p.imageSize());
        assertTrue(p.preprocessing().contains("RGB->BGR"), p.preprocessing());
        assertNotNull(p.xferVersion());
        assertNotNull(p.created());
        try (SavedModelBackbone reloaded = SavedModelBackbone.open(dir, 224)) {
            assertEquals(99, reloaded.imageSize());
            assertArrayEquals(new long[] {512}, reloaded.featureShape());
            assertArrayEquals(direct, reloaded.features(images, 2), "reloaded features are bit-identical");
        }
    }

    @Test
    void aModelThatDoesNotTakeImagesIsRefusedWithTheReason(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("vector-model");
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 10)));
            var y = tf.math.mul(x, tf.constant(2f));
            Signature sig = Signature.builder().key("serving_default").input("x", x).output("y", y).build();
            SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(sig, s)).export();
        }
        BadInputException e = assertThrows(BadInputException.class, () -> SavedModelBackbone.open(dir, 224));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not an image batch"), e.getMessage());
    }

    @Test
    void aThirdPartyImageModelGetsDerivedProvenance(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("tiny");
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
            var y = tf.math.mean(x, tf.constant(new int[] {1, 2}));
            Signature sig = Signature.builder().key("serving_default").input("pixels", x).output("emb", y).build();
            SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(sig, s)).export();
        }
        try (SavedModelBackbone b = SavedModelBackbone.open(dir, 224)) {
            assertEquals(8, b.imageSize());
            assertArrayEquals(new long[] {3}, b.featureShape());
            assertEquals("savedmodel", b.provenance().arch());
            assertEquals(64, b.provenance().weightsSha256().length());
            float[] img = new float[8 * 8 * 3];
            for (int i = 0; i < img.length; i++) {
                img[i] = i % 3;
            }
            assertArrayEquals(new float[] {0, 1, 2}, b.features(img, 1), 1e-6f);
        }
    }

    @Test
    void aMissingSavedModelIsBadInput(@TempDir Path tmp) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> SavedModelBackbone.open(tmp.resolve("nope"), 224));
        assertTrue(e.getMessage().contains("no SavedModel here"), e.getMessage());
    }
}
