package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Precision;
import dev.xfer.common.Provenance;
import dev.xfer.common.SharedData;
import dev.xfer.common.store.StoreId;
import dev.xfer.extract.graph.Arithmetic;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.graph.TfBackbone;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * bf16 on the real SqueezeNet weights and the golden fixture's four photos: oneDNN's bfloat16 rewrite runs (on
 * this CPU too, where it is slower), its features are close to fp32's but not equal to them, the precision is
 * recorded in provenance and the features are stored apart.
 */
class PrecisionTest {
    private static final Path GOLDEN = SharedData.resolve(SharedData.GOLDEN);
    private static final BackboneSpec SPEC = BackboneSpec.of("squeezenet")
            .withWeights(SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString()).withDevice(Device.CPU);

    private static float[] photos() throws Exception {
        return Floats.caffeInputToRgb(Floats.read(GOLDEN.resolve("input.f32")));
    }

    @Test
    void bf16FeaturesAreCloseToFp32ButRounded() throws Exception {
        float[] input = photos();
        float[] fp32;
        Provenance p32;
        try (TfBackbone b = TfBackbone.build(SPEC)) {
            fp32 = b.features(input, 4);
            p32 = b.provenance();
        }
        try (TfBackbone b = TfBackbone.build(SPEC.withPrecision(Precision.BF16))) {
            float[] bf16 = b.features(input, 4);
            int d = bf16.length / 4;
            for (int i = 0; i < 4; i++) {
                double cos = cosine(fp32, bf16, i * d, d);
                assertTrue(cos > 0.999 && cos < 1.0, "photo " + i + ": cosine " + cos + " (1.0: the rewrite did not run)");
            }
            Provenance p = b.provenance();
            assertEquals(Precision.BF16, p.precision());
            assertTrue(p.toJson().contains("\"precision\" : \"bf16\""), p.toJson());
            assertEquals(p, Provenance.fromJson(p.toJson()));
            assertNotEquals(StoreId.of(p32), StoreId.of(p));
            assertTrue(StoreId.of(p).contains("-bf16-"), StoreId.of(p));
            BadInputException e = assertThrows(BadInputException.class,
                    () -> p32.requireSameFeatures(p, "fp32 head", "bf16 features"));
            assertTrue(e.getMessage().contains("precision fp32 vs bf16"), e.getMessage());
        }
        assertEquals(Precision.FP32, p32.precision());
        assertTrue(!p32.toJson().contains("precision"), "fp32 artifacts keep their bytes: " + p32.toJson());
        assertEquals(Precision.FP32, Provenance.fromJson(p32.toJson()).precision());
    }

    @Test
    void bf16SaysWhenItIsSlowerHere() {
        assertTrue(Arithmetic.slowerHere(Precision.FP32).isEmpty());
        assertEquals(Arithmetic.cpuHasBf16(), Arithmetic.slowerHere(Precision.BF16).isEmpty());
        Arithmetic.slowerHere(Precision.BF16).ifPresent(note -> assertTrue(note.contains("slower than fp32"), note));
    }

    @Test
    void unknownPrecisionIsBadInput() {
        assertEquals(Precision.FP32, Precision.parse(null));
        assertEquals(Precision.BF16, Precision.parse("BF16"));
        assertThrows(BadInputException.class, () -> Precision.parse("fp16"));
    }

    private static double cosine(float[] a, float[] b, int from, int n) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = from; i < from + n; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
