package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.SharedData;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.image.ImageDecoder;
import org.junit.jupiter.api.Test;

/** --device: cpu always works; gpu either runs (and agrees with cpu) or is refused with what is missing. */
class DeviceTest {
    private static BackboneSpec squeezenet(Device d) {
        return BackboneSpec.of("squeezenet").withWeights(SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString())
                .withImageSize(64).withDevice(d);
    }

    private static float[] features(Device d) throws Exception {
        try (ImageDecoder dec = new ImageDecoder(64); TfBackbone b = TfBackbone.build(squeezenet(d))) {
            float[] img = dec.decode(SharedData.resolve(SharedData.PETS).resolve("cat/1.jpg"));
            return b.features(img, 1);
        }
    }

    @Test
    void cpuRunsAndAutoFallsBackToCpuWithoutAGpu() throws Exception {
        assertEquals(Device.CPU, Device.CPU.resolve());
        assertEquals(Device.gpuProblem() == null ? Device.GPU : Device.CPU, Device.AUTO.resolve());
        float[] f = features(Device.CPU);
        assertEquals(512, f.length);
        assertTrue(f[0] >= 0, "ReLU features");
    }

    @Test
    void gpuWithoutOneIsRefusedSayingWhatIsMissing() {
        assumeTrue(Device.gpuProblem() != null, "a GPU is usable here: see gpuAgreesWithCpu");
        BadInputException e = assertThrows(BadInputException.class, () -> TfBackbone.build(squeezenet(Device.GPU)));
        assertTrue(e.getMessage().startsWith("--device gpu: "), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA 12"), e.getMessage());
    }

    @Test
    void gpuAgreesWithCpu() throws Exception {
        assumeTrue(Device.gpuProblem() == null, "no usable GPU (" + Device.gpuProblem() + ")");
        float[] cpu = features(Device.CPU);
        float[] gpu = features(Device.GPU);
        float max = 0;
        for (float v : cpu) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < cpu.length; i++) {
            assertEquals(cpu[i], gpu[i], 1e-3f * max, "feature " + i);
        }
    }
}
