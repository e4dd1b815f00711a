package dev.xfer.extract.weights;

import dev.xfer.common.Digests;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Layer;
import dev.xfer.extract.arch.LayerSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Weights drawn as Keras initialises a fresh layer: kernels (convolution, depthwise, pointwise, dense)
 * glorot-uniform, biases zero, normalisation gamma 1, beta 0, moving mean 0, moving variance 1, LayerScale its
 * initial value. Seeded, so tests and benchmarks are reproducible; the values are not Keras' own random stream.
 */
public final class RandomWeights {
    private RandomWeights() {
    }

    public static String describe(long seed) {
        return "random(seed=" + seed + ")";
    }

    public static WeightSet create(Architecture arch, long seed) {
        WeightSet.Builder b = new WeightSet.Builder(arch);
        SplittableRandom root = new SplittableRandom(seed);
        for (Layer layer : arch.weightedLayers()) {
            SplittableRandom rng = root.split();
            List<WeightSet.Tensor> tensors = new ArrayList<>();
            List<long[]> shapes = b.expected(layer);
            for (int i = 0; i < shapes.size(); i++) {
                tensors.add(init(layer, layer.weightNames().get(i), shapes.get(i), rng));
            }
            b.put(layer, tensors);
        }
        String id = arch.name() + ":" + describe(seed);
        return b.build(describe(seed), Digests.sha256(id.getBytes(StandardCharsets.UTF_8)));
    }

    private static WeightSet.Tensor init(Layer layer, String name, long[] shape, SplittableRandom rng) {
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, c) -> a * c));
        float[] v = new float[n];
        switch (name) {
            case "kernel", "depthwise_kernel", "pointwise_kernel" -> {
                // Keras' compute_fans: the last two axes are (in, out), the others the receptive field
                long receptive = 1;
                for (int i = 0; i < shape.length - 2; i++) {
                    receptive *= shape[i];
                }
                double limit = Math.sqrt(6.0 / (receptive * shape[shape.length - 2] + receptive * shape[shape.length - 1]));
                for (int i = 0; i < n; i++) {
                    v[i] = (float) rng.nextDouble(-limit, limit);
                }
            }
            case "gamma" -> Arrays.fill(v, layer.spec() instanceof LayerSpec.LayerScale s ? s.initValue() : 1f);
            case "moving_variance", "variance" -> Arrays.fill(v, 1f);
            default -> {
                // bias, beta, moving_mean start at zero
            }
        }
        return new WeightSet.Tensor(shape, v);
    }
}
