package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.Pooling;
import dev.xfer.common.SharedData;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** xfer's SqueezeNet with the real ImageNet weights against an independent float64 implementation. */
class SqueezeNetGoldenTest {
    private static final Path GOLDEN = SharedData.resolve(SharedData.GOLDEN);
    private static final String WEIGHTS = SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString();

    private static float[] rgbInput() throws Exception {
        return Floats.caffeInputToRgb(Floats.read(GOLDEN.resolve("input.f32")));
    }

    @Test
    void pooledFeaturesMatchTheGoldenFixture() throws Exception {
        float[] input = rgbInput();
        float[] expected = Floats.read(GOLDEN.resolve("features.f32"));
        try (TfBackbone b = TfBackbone.build(BackboneSpec.of("squeezenet").withWeights(WEIGHTS))) {
            assertEquals(227, b.imageSize());
            assertArrayEquals(new long[] {512}, b.featureShape());
            float[] actual = b.features(input, 4);
            float err = Floats.maxAbsDiff(expected, actual);
            assertTrue(err <= 1e-4f * Floats.maxAbs(expected),
                    "max abs error " + err + " vs largest feature " + Floats.maxAbs(expected));
            assertEquals("17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da",
                    b.provenance().weightsSha256());
        }
    }

    @Test
    void fire2FeatureMapMatchesTheGoldenFixture() throws Exception {
        float[] input = rgbInput();
        float[] expected = Floats.read(GOLDEN.resolve("fire2.f32"));
        BackboneSpec spec = BackboneSpec.of("squeezenet").withWeights(WEIGHTS).withLayer("fire2")
                .withPooling(Pooling.NONE);
        try (TfBackbone b = TfBackbone.build(spec)) {
            assertArrayEquals(new long[] {56, 56, 128}, b.featureShape());
            assertEquals("fire2/concat", b.provenance().layer());
            float[] actual = b.features(input, 4);
            float err = Floats.maxAbsDiff(expected, actual);
            assertTrue(err <= 1e-4f * Floats.maxAbs(expected),
                    "max abs error " + err + " vs largest value " + Floats.maxAbs(expected));
        }
    }
}
