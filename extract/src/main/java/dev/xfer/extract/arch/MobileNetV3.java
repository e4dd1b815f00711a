package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.LayerSpec.CorrectPadding;
import dev.xfer.extract.arch.LayerSpec.GlobalPool2D;
import dev.xfer.extract.arch.LayerSpec.ReLU;
import dev.xfer.extract.arch.WeightedSpec.Conv2D;
import dev.xfer.extract.arch.WeightedSpec.DepthwiseConv2D;

/**
 * MobileNetV3 Small and Large (width 1.0, not minimalistic) without their tops, as
 * {@code keras.applications.MobileNetV3Small/Large(include_top=False)} build them: Rescaling to -1..1 inside the
 * model, inverted residual blocks with squeeze-and-excitation whose hard sigmoid is {@code ReLU(6)(x + 3) * (1/6)}
 * (two operator nodes around an unnamed ReLU layer, as Keras writes it), hard swish, BatchNormalization epsilon 1e-3.
 */
final class MobileNetV3 {
    private static final float EPSILON = 1e-3f;

    private final ArchitectureBuilder b = new ArchitectureBuilder();

    private MobileNetV3() {
    }

    static Architecture create(boolean large) {
        return new MobileNetV3().build(large);
    }

    private Architecture build(boolean large) {
        String x = b.input();
        x = b.layer(null, new LayerSpec.Rescaling(new float[] {1f / 127.5f}, new float[] {-1f}), x);
        x = b.layer("conv", conv(16, 3, 2), x);
        x = b.batchNorm(x, "conv_bn", true, EPSILON);
        x = hardSwish(x);
        x = large ? large(x) : small(x);
        x = b.layer("conv_1", conv(Divisible.make(b.channels(x) * 6, 8), 1, 1), x);
        x = b.batchNorm(x, "conv_1_bn", true, EPSILON);
        hardSwish(x);
        return b.build(large ? "MobileNetV3Large" : "MobileNetV3Small", 224, 32, Preprocessing.NONE);
    }

    private String small(String x) {
        x = block(x, 1, 16, 3, 2, true, false, 0);
        x = block(x, 72.0 / 16, 24, 3, 2, false, false, 1);
        x = block(x, 88.0 / 24, 24, 3, 1, false, false, 2);
        double[][] rest = {{4, 40, 2}, {6, 40, 1}, {6, 40, 1}, {3, 48, 1}, {3, 48, 1}, {6, 96, 2}, {6, 96, 1},
                {6, 96, 1}};
        for (int i = 0; i < rest.length; i++) {
            x = block(x, rest[i][0], (int) rest[i][1], 5, (int) rest[i][2], true, true, i + 3);
        }
        return x;
    }

    private String large(String x) {
        // expansion, filters, kernel, stride, se, hard swish
        double[][] blocks = {{1, 16, 3, 1, 0, 0}, {4, 24, 3, 2, 0, 0}, {3, 24, 3, 1, 0, 0}, {3, 40, 5, 2, 1, 0},
                {3, 40, 5, 1, 1, 0}, {3, 40, 5, 1, 1, 0}, {6, 80, 3, 2, 0, 1}, {2.5, 80, 3, 1, 0, 1},
                {2.3, 80, 3, 1, 0, 1}, {2.3, 80, 3, 1, 0, 1}, {6, 112, 3, 1, 1, 1}, {6, 112, 3, 1, 1, 1},
                {6, 160, 5, 2, 1, 1}, {6, 160, 5, 1, 1, 1}, {6, 160, 5, 1, 1, 1}};
        for (int i = 0; i < blocks.length; i++) {
            double[] a = blocks[i];
            x = block(x, a[0], (int) a[1], (int) a[2], (int) a[3], a[4] == 1, a[5] == 1, i);
        }
        return x;
    }

    private String block(String x, double expansion, int filters, int kernel, int stride, boolean se,
                         boolean swish, int id) {
        String shortcut = x;
        String prefix = "expanded_conv_";
        long in = b.channels(x);
        int expanded = Divisible.make(in * expansion, 8);
        if (id > 0) {
            prefix = "expanded_conv_" + id + "_";
            x = b.layer(prefix + "expand", conv(expanded, 1, 1), x);
            x = b.batchNorm(x, prefix + "expand_bn", true, EPSILON);
            x = activation(x, swish);
        }
        if (stride == 2) {
            x = b.layer(prefix + "depthwise_pad", new CorrectPadding(kernel), x);
        }
        x = b.layer(prefix + "depthwise", new DepthwiseConv2D(kernel, kernel, stride, stride, 1,
                stride == 1 ? Padding.SAME : Padding.VALID, 1, false, Activation.LINEAR), x);
        x = b.batchNorm(x, prefix + "depthwise_bn", true, EPSILON);
        x = activation(x, swish);
        if (se) {
            x = squeezeExcite(x, expanded, prefix);
        }
        x = b.layer(prefix + "project", conv(filters, 1, 1), x);
        x = b.batchNorm(x, prefix + "project_bn", true, EPSILON);
        if (stride == 1 && in == filters) {
            x = b.layer(prefix + "add", new LayerSpec.Merge(Arithmetic.ADD), shortcut, x);
        }
        return x;
    }

    private String squeezeExcite(String inputs, int filters, String prefix) {
        String x = b.layer(prefix + "squeeze_excite_avg_pool", new GlobalPool2D(false, true), inputs);
        x = b.layer(prefix + "squeeze_excite_conv", new Conv2D(Divisible.make(filters * 0.25, 8), 1, 1, 1, 1, 1,
                Padding.SAME, 1, true, Activation.LINEAR), x);
        x = b.layer(prefix + "squeeze_excite_relu", new ReLU(null, 0f, 0f), x);
        x = b.layer(prefix + "squeeze_excite_conv_1", new Conv2D(filters, 1, 1, 1, 1, 1, Padding.SAME, 1, true,
                Activation.LINEAR), x);
        x = hardSigmoid(x);
        return b.layer(prefix + "squeeze_excite_mul", new LayerSpec.Merge(Arithmetic.MULTIPLY), inputs, x);
    }

    /** Keras' mobilenet_v3.hard_sigmoid: {@code layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)}. */
    private String hardSigmoid(String x) {
        x = b.op(x, Arithmetic.ADD, 3f);
        x = b.layer(null, new ReLU(6f, 0f, 0f), x);
        return b.op(x, Arithmetic.MULTIPLY, (float) (1.0 / 6.0));
    }

    private String hardSwish(String x) {
        return b.activation(x, null, Activation.HARD_SILU);
    }

    private String activation(String x, boolean swish) {
        return swish ? hardSwish(x) : b.layer(null, new ReLU(null, 0f, 0f), x);
    }

    private static Conv2D conv(int filters, int kernel, int stride) {
        return new Conv2D(filters, kernel, kernel, stride, stride, 1, Padding.SAME, 1, false, Activation.LINEAR);
    }
}
