import dev.xfer.common.Precision;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.graph.TfBackbone;
import java.util.Arrays;
import java.util.Random;

/**
 * xfer's own model-only rate for bench/extract_speed.sh: ARCH with random weights at SIZE, one fixed batch of 32
 * random pixels run REPS times after two warm-up runs, as Keras' model-only figure does; prints one JSON line.
 * The ceiling xfer's whole process is measured against (decoding, hashing, storing and start-up excluded).
 * Run as a single-file program on the CLI's classpath: java -cp ... bench/ModelOnly.java ARCH SIZE [REPS] [PRECISION]
 */
public class ModelOnly {
    public static void main(String[] args) {
        String arch = args[0];
        int size = Integer.parseInt(args[1]);
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Precision precision = Precision.parse(args.length > 3 ? args[3] : "fp32");
        int batch = 32;
        float[] pixels = new float[batch * size * size * 3];
        Random r = new Random(0);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat() * 255f;
        }
        BackboneSpec spec = BackboneSpec.of(arch).withImageSize(size).withDevice(Device.CPU).withPrecision(precision);
        try (TfBackbone b = TfBackbone.build(spec)) {
            b.features(pixels, batch);
            b.features(pixels, batch);
            double[] secs = new double[reps];
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                b.features(pixels, batch);
                secs[i] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(secs);
            double median = secs[reps / 2];
            System.out.printf(java.util.Locale.ROOT,
                    "{\"peer\": \"xfer-model-only\", \"arch\": \"%s\", \"precision\": \"%s\", \"images_per_second\": %.3f}%n",
                    arch, precision.id(), batch / median);
        }
    }
}
