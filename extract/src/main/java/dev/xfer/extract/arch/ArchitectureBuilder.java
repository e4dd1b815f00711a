package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an architecture the way a Keras application function does: each call adds a layer and returns its
 * name, which stands for its output. Unnamed layers get Keras 3's automatic names ({@code conv2d},
 * {@code conv2d_1}, ...), so that names agree with models Keras builds in a fresh session.
 */
final class ArchitectureBuilder {
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> autoNameCounts = new HashMap<>();

    String input() {
        return add(Layer.input(autoName("input_layer")));
    }

    String conv(String in, String name, int filters, int kh, int kw, int stride, boolean same, boolean bias,
                boolean relu) {
        return add(Layer.conv(nameOr(name, "conv2d"), in, filters, kh, kw, stride, same, bias, relu));
    }

    String batchNorm(String in, String name, boolean scale, float epsilon) {
        return add(Layer.batchNorm(nameOr(name, "batch_normalization"), in, scale, epsilon));
    }

    String relu(String in, String name) {
        return add(Layer.relu(nameOr(name, "activation"), in));
    }

    String maxPool(String in, String name, int size, int stride, boolean same) {
        return add(Layer.pool(nameOr(name, "max_pooling2d"), LayerKind.MAX_POOL, in, size, stride, same));
    }

    String avgPool(String in, String name, int size, int stride, boolean same) {
        return add(Layer.pool(nameOr(name, "average_pooling2d"), LayerKind.AVG_POOL, in, size, stride, same));
    }

    String concat(String name, String... in) {
        return add(Layer.concat(nameOr(name, "concatenate"), List.of(in)));
    }

    String dropout(String in, String name) {
        return add(Layer.dropout(nameOr(name, "dropout"), in));
    }

    Architecture build(String name, int defaultSize, int minSize, Preprocessing preprocessing) {
        return new Architecture(name, layers, defaultSize, minSize, preprocessing);
    }

    private String add(Layer layer) {
        layers.add(layer);
        return layer.name();
    }

    private String nameOr(String name, String prefix) {
        return name != null ? name : autoName(prefix);
    }

    private String autoName(String prefix) {
        int n = autoNameCounts.merge(prefix, 1, Integer::sum) - 1;
        return n == 0 ? prefix : prefix + "_" + n;
    }
}
