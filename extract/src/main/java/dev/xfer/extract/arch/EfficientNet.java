package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.LayerSpec.CorrectPadding;
import dev.xfer.extract.arch.LayerSpec.Rescaling;
import dev.xfer.extract.arch.WeightedSpec.Conv2D;
import dev.xfer.extract.arch.WeightedSpec.DepthwiseConv2D;

/**
 * EfficientNetB0..B7 without their tops, as {@code keras.applications.efficientnet} builds them for ImageNet weights:
 * preprocessing inside the model (Rescaling 1/255, Normalization with the weights' mean and variance, then the
 * Rescaling by 1/sqrt(stddev) Keras adds for its ImageNet weights), MBConv blocks with squeeze-and-excitation and
 * swish, widths and depths scaled per member, BatchNormalization with Keras' default epsilon 1e-3.
 */
final class EfficientNet {
    private static final float EPSILON = 1e-3f;
    private static final float[] IMAGENET_STDDEV = {0.229f, 0.224f, 0.225f};
    /** kernel, repeats, filters in, filters out, expansion, stride (se_ratio 0.25 and id_skip everywhere). */
    private static final int[][] BLOCKS = {{3, 1, 32, 16, 1, 1}, {3, 2, 16, 24, 6, 2}, {5, 2, 24, 40, 6, 2},
            {3, 3, 40, 80, 6, 2}, {5, 3, 80, 112, 6, 1}, {5, 4, 112, 192, 6, 2}, {3, 1, 192, 320, 6, 1}};

    private final ArchitectureBuilder b = new ArchitectureBuilder();
    private final double width;
    private final double depth;

    private EfficientNet(double width, double depth) {
        this.width = width;
        this.depth = depth;
    }

    static Architecture create(int member) {
        double[][] coefficients = {{1.0, 1.0, 224}, {1.0, 1.1, 240}, {1.1, 1.2, 260}, {1.2, 1.4, 300},
                {1.4, 1.8, 380}, {1.6, 2.2, 456}, {1.8, 2.6, 528}, {2.0, 3.1, 600}};
        double[] c = coefficients[member];
        return new EfficientNet(c[0], c[1]).build("efficientnetb" + member, (int) c[2]);
    }

    private Architecture build(String name, int size) {
        String x = b.input();
        x = b.layer(null, new Rescaling(new float[] {1f / 255f}, new float[] {0f}), x);
        x = b.layer(null, new WeightedSpec.Normalization(null, null), x);
        float[] inverse = new float[3];
        for (int i = 0; i < 3; i++) {
            inverse[i] = (float) (1 / Math.sqrt(IMAGENET_STDDEV[i]));
        }
        x = b.layer(null, new Rescaling(inverse, new float[] {0f}), x);
        x = b.layer("stem_conv_pad", new CorrectPadding(3), x);
        x = b.layer("stem_conv", conv(filters(32), 3, 2, Padding.VALID, false, Activation.LINEAR), x);
        x = b.batchNorm(x, "stem_bn", true, EPSILON);
        x = b.activation(x, "stem_activation", Activation.SILU);
        int total = 0;
        for (int[] a : BLOCKS) {
            total += repeats(a[1]);
        }
        int index = 0;
        for (int i = 0; i < BLOCKS.length; i++) {
            int[] a = BLOCKS[i];
            int in = filters(a[2]);
            int out = filters(a[3]);
            for (int j = 0; j < repeats(a[1]); j++) {
                x = block(x, j == 0 ? in : out, out, a[0], j == 0 ? a[5] : 1, a[4], index > 0,
                        "block" + (i + 1) + (char) ('a' + j) + "_");
                index++;
            }
        }
        x = b.layer("top_conv", conv(filters(1280), 1, 1, Padding.SAME, false, Activation.LINEAR), x);
        x = b.batchNorm(x, "top_bn", true, EPSILON);
        b.activation(x, "top_activation", Activation.SILU);
        return b.build(name, size, 32, Preprocessing.NONE);
    }

    /** One MBConv block; {@code dropped}: Keras adds a Dropout before the sum (drop rate above 0) after block 0. */
    private String block(String inputs, int in, int out, int kernel, int stride, int expand, boolean dropped,
                         String name) {
        int filters = in * expand;
        String x = inputs;
        if (expand != 1) {
            x = b.layer(name + "expand_conv", conv(filters, 1, 1, Padding.SAME, false, Activation.LINEAR), x);
            x = b.batchNorm(x, name + "expand_bn", true, EPSILON);
            x = b.activation(x, name + "expand_activation", Activation.SILU);
        }
        if (stride == 2) {
            x = b.layer(name + "dwconv_pad", new CorrectPadding(kernel), x);
        }
        x = b.layer(name + "dwconv", new DepthwiseConv2D(kernel, kernel, stride, stride, 1,
                stride == 2 ? Padding.VALID : Padding.SAME, 1, false, Activation.LINEAR), x);
        x = b.batchNorm(x, name + "bn", true, EPSILON);
        x = b.activation(x, name + "activation", Activation.SILU);
        x = SqueezeExcitation.efficientNet(b, x, in, filters, 0.25, name);
        x = b.layer(name + "project_conv", conv(out, 1, 1, Padding.SAME, false, Activation.LINEAR), x);
        x = b.batchNorm(x, name + "project_bn", true, EPSILON);
        if (stride == 1 && in == out) {
            if (dropped) {
                x = b.dropout(x, name + "drop");
            }
            x = b.add(name + "add", x, inputs);
        }
        return x;
    }

    private static Conv2D conv(int filters, int kernel, int stride, Padding padding, boolean bias, Activation fn) {
        return new Conv2D(filters, kernel, kernel, stride, stride, 1, padding, 1, bias, fn);
    }

    private int filters(int f) {
        return Divisible.make(f * width, 8);
    }

    private int repeats(int r) {
        return (int) Math.ceil(depth * r);
    }
}
