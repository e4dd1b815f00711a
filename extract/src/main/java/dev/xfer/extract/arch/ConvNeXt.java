package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.WeightedSpec.Conv2D;
import dev.xfer.extract.arch.WeightedSpec.Dense;
import dev.xfer.extract.arch.WeightedSpec.LayerNormalization;

/**
 * ConvNeXt Tiny, Small, Base, Large and XLarge without their tops, as {@code keras.applications.convnext} builds
 * them: Normalization by the ImageNet mean and variance on 0..255 pixels inside the model, a stem and three
 * downsampling blocks that are nested Sequential models, blocks of a 7x7 depthwise convolution (a Conv2D with one
 * group per channel), LayerNormalization (epsilon 1e-6), two Dense layers on the feature map with exact GELU between,
 * LayerScale and a residual sum written as an operator node ({@code inputs + x}), and a final LayerNormalization.
 */
final class ConvNeXt {
    private static final float EPSILON = 1e-6f;

    private final ArchitectureBuilder b = new ArchitectureBuilder();

    private ConvNeXt() {
    }

    /** {@code depths} blocks and {@code dims} channels per stage. */
    static Architecture create(String name, int[] depths, int[] dims) {
        return new ConvNeXt().build(name, depths, dims);
    }

    private Architecture build(String name, int[] depths, int[] dims) {
        String x = b.input();
        float[] mean = new float[3];
        float[] variance = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = Preprocessing.TORCH_MEAN[c] * 255f;
            double sd = Preprocessing.TORCH_STD_DOUBLE[c] * 255;
            variance[c] = (float) (sd * sd);
        }
        x = b.layer(name + "_prestem_normalization", new WeightedSpec.Normalization(mean, variance), x);
        b.beginSequential(name + "_stem");
        x = b.layer(name + "_stem_conv", conv(dims[0], 4, 4, 1), x);
        x = b.layer(name + "_stem_layernorm", new LayerNormalization(EPSILON, true, true), x);
        b.endSequential();
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                b.beginSequential(name + "_downsampling_block_" + (i - 1));
                x = b.layer(name + "_downsampling_layernorm_" + (i - 1), new LayerNormalization(EPSILON, true, true),
                        x);
                x = b.layer(name + "_downsampling_conv_" + (i - 1), conv(dims[i], 2, 2, 1), x);
                b.endSequential();
            }
            for (int j = 0; j < depths[i]; j++) {
                x = block(x, dims[i], name + "_stage_" + i + "_block_" + j);
            }
        }
        b.layer(null, new LayerNormalization(EPSILON, true, true), x);
        return b.build(name, 224, 32, Preprocessing.NONE);
    }

    private String block(String inputs, int dim, String name) {
        String x = b.layer(name + "_depthwise_conv", new Conv2D(dim, 7, 7, 1, 1, 1, Padding.SAME, dim, true,
                Activation.LINEAR), inputs);
        x = b.layer(name + "_layernorm", new LayerNormalization(EPSILON, true, true), x);
        x = b.layer(name + "_pointwise_conv_1", new Dense(4 * dim, true, Activation.LINEAR), x);
        x = b.activation(x, name + "_gelu", Activation.GELU);
        x = b.layer(name + "_pointwise_conv_2", new Dense(dim, true, Activation.LINEAR), x);
        x = b.layer(name + "_layer_scale", new LayerSpec.LayerScale(1e-6f), x);
        x = b.activation(x, name + "_identity", Activation.LINEAR);
        return b.op(Arithmetic.ADD, inputs, x);
    }

    private static Conv2D conv(int filters, int kernel, int stride, int groups) {
        return new Conv2D(filters, kernel, kernel, stride, stride, 1, Padding.VALID, groups, true, Activation.LINEAR);
    }
}
