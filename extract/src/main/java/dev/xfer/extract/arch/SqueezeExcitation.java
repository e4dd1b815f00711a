package dev.xfer.extract.arch;

import dev.xfer.extract.arch.LayerSpec.GlobalPool2D;
import dev.xfer.extract.arch.LayerSpec.Reshape;
import dev.xfer.extract.arch.WeightedSpec.Conv2D;

/**
 * EfficientNet's and EfficientNetV2's squeeze-and-excitation, as both Keras files write it: global average pool,
 * reshape to 1x1xC, a 1x1 convolution to {@code max(1, in * ratio)} channels with swish, one back to C with sigmoid,
 * and the product with the block's features ({@code se_squeeze} .. {@code se_excite}).
 */
final class SqueezeExcitation {
    private SqueezeExcitation() {
    }

    /** The block's features {@code x} ({@code filters} channels) excited; {@code in} is the block's input width. */
    static String efficientNet(ArchitectureBuilder b, String x, int in, int filters, double ratio, String name) {
        int se = Math.max(1, (int) (in * ratio));
        String s = b.layer(name + "se_squeeze", new GlobalPool2D(false, false), x);
        s = b.layer(name + "se_reshape", new Reshape(new long[] {1, 1, filters}), s);
        s = b.layer(name + "se_reduce", new Conv2D(se, 1, 1, 1, 1, 1, Padding.SAME, 1, true, Activation.SILU), s);
        s = b.layer(name + "se_expand", new Conv2D(filters, 1, 1, 1, 1, 1, Padding.SAME, 1, true, Activation.SIGMOID),
                s);
        return b.layer(name + "se_excite", new LayerSpec.Merge(Arithmetic.MULTIPLY), x, s);
    }
}
