package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.LayerSpec.ActivationLayer;
import dev.xfer.extract.arch.LayerSpec.Pool2D;
import dev.xfer.extract.arch.WeightedSpec.BatchNormalization;
import dev.xfer.extract.arch.WeightedSpec.Conv2D;
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
    /** Output shapes for a 224 x 224 input as layers are added: families size later layers by earlier channels. */
    private final Map<String, long[]> shapes = new HashMap<>();
    /** The nested Sequential model layers are being added to, or null. */
    private String group;

    String input() {
        return add(autoName("input_layer"), new LayerSpec.Input());
    }

    /** Any layer of the vocabulary; a null name gets Keras' automatic one from its class. */
    String layer(String name, LayerSpec spec, String... in) {
        return add(name != null ? name : autoName(KerasNames.snakeCase(spec.kerasClass())), spec, in);
    }

    /** Conv2D with one stride and no dilation or groups; {@code relu} fuses {@code activation='relu'}. */
    String conv(String in, String name, int filters, int kh, int kw, int stride, boolean same, boolean bias,
                boolean relu) {
        return layer(name, new Conv2D(filters, kh, kw, stride, stride, 1, same ? Padding.SAME : Padding.VALID, 1,
                bias, relu ? Activation.RELU : Activation.LINEAR), in);
    }

    String batchNorm(String in, String name, boolean scale, float epsilon) {
        return layer(name, new BatchNormalization(epsilon, true, scale), in);
    }

    String relu(String in, String name) {
        return activation(in, name, Activation.RELU);
    }

    String activation(String in, String name, Activation fn) {
        return layer(name, new ActivationLayer(fn), in);
    }

    String maxPool(String in, String name, int size, int stride, boolean same) {
        return layer(name, new Pool2D(true, size, size, stride, stride, same ? Padding.SAME : Padding.VALID), in);
    }

    String avgPool(String in, String name, int size, int stride, boolean same) {
        return layer(name, new Pool2D(false, size, size, stride, stride, same ? Padding.SAME : Padding.VALID), in);
    }

    String concat(String name, String... in) {
        return layer(name, new LayerSpec.Concatenate(-1), in);
    }

    String add(String name, String... in) {
        return layer(name, new LayerSpec.Merge(Arithmetic.ADD), in);
    }

    /** An operator node with a constant, {@code x + 3.0}; Keras names it from the same counters as layers. */
    String op(String in, Arithmetic op, float constant) {
        return layer(null, new LayerSpec.ScalarOp(op, constant, false), in);
    }

    /** An operator node on two tensors, {@code a + b}. */
    String op(Arithmetic op, String a, String b) {
        return layer(null, new LayerSpec.OpNode(op), a, b);
    }

    String dropout(String in, String name) {
        return layer(name, new LayerSpec.Identity("Dropout"), in);
    }

    Architecture build(String name, int defaultSize, int minSize, Preprocessing preprocessing) {
        return new Architecture(name, layers, defaultSize, minSize, preprocessing);
    }

    /** Layers added until {@link #endSequential} form the nested Sequential model {@code name}. */
    void beginSequential(String name) {
        group = name;
    }

    void endSequential() {
        group = null;
    }

    /** The channels of a layer's output (they do not depend on the input's size). */
    long channels(String layer) {
        long[] s = shapes.get(layer);
        return s[s.length - 1];
    }

    private String add(String name, LayerSpec spec, String... in) {
        if (shapes.containsKey(name)) {
            throw new IllegalStateException("two layers named " + name);
        }
        layers.add(new Layer(name, List.of(in), spec, group));
        shapes.put(name, spec.outputShape(in.length == 0 ? List.of(new long[] {224, 224, 3})
                : java.util.Arrays.stream(in).map(shapes::get).toList()));
        return name;
    }

    private String autoName(String prefix) {
        int n = autoNameCounts.merge(prefix, 1, Integer::sum) - 1;
        return n == 0 ? prefix : prefix + "_" + n;
    }
}
