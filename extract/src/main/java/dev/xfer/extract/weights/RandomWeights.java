package dev.xfer.extract.weights;

import dev.xfer.common.Digests;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Layer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Weights drawn as Keras initialises a fresh layer: Conv2D kernels glorot-uniform, biases zero,
 * BatchNormalization gamma 1, beta 0, moving mean 0, moving variance 1. Seeded, so tests and benchmarks are
 * reproducible; the values are not Keras' own random stream.
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
                tensors.add(init(layer.weightNames().get(i), shapes.get(i), rng));
            }
            b.put(layer, tensors);
        }
        String id = arch.name() + ":" + describe(seed);
        return b.build(describe(seed), Digests.sha256(id.getBytes(StandardCharsets.UTF_8)));
    }

    private static WeightSet.Tensor init(String name, long[] shape, SplittableRandom rng) {
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, c) -> a * c));
        float[] v = new float[n];
        switch (name) {
            case "kernel" -> {
                long receptive = shape[0] * shape[1];
                double limit = Math.sqrt(6.0 / (receptive * shape[2] + receptive * shape[3]));
                for (int i = 0; i < n; i++) {
                    v[i] = (float) rng.nextDouble(-limit, limit);
                }
            }
            case "gamma", "moving_variance" -> Arrays.fill(v, 1f);
            default -> {
                // bias, beta, moving_mean start at zero
            }
        }
        return new WeightSet.Tensor(shape, v);
    }
}
