package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.LayerSpec.CorrectPadding;
import dev.xfer.extract.arch.WeightedSpec.Conv2D;
import dev.xfer.extract.arch.WeightedSpec.DepthwiseConv2D;

/**
 * MobileNetV2 (width 1.0) without its top, as {@code keras.applications.MobileNetV2(include_top=False)}: inverted
 * residual blocks of a 1x1 expansion, a 3x3 depthwise convolution and a 1x1 projection, ReLU6, BatchNormalization
 * with epsilon 1e-3, tf preprocessing.
 */
final class MobileNetV2 {
    private static final float EPSILON = 1e-3f;
    private static final LayerSpec RELU6 = new LayerSpec.ReLU(6f, 0f, 0f);

    private final ArchitectureBuilder b = new ArchitectureBuilder();

    private MobileNetV2() {
    }

    static Architecture create() {
        return new MobileNetV2().build();
    }

    private Architecture build() {
        String x = b.input();
        x = b.layer("Conv1", new Conv2D(32, 3, 3, 2, 2, 1, Padding.SAME, 1, false, Activation.LINEAR), x);
        x = b.batchNorm(x, "bn_Conv1", true, EPSILON);
        x = b.layer("Conv1_relu", RELU6, x);
        int[][] blocks = {{16, 1, 1}, {24, 2, 6}, {24, 1, 6}, {32, 2, 6}, {32, 1, 6}, {32, 1, 6}, {64, 2, 6},
                {64, 1, 6}, {64, 1, 6}, {64, 1, 6}, {96, 1, 6}, {96, 1, 6}, {96, 1, 6}, {160, 2, 6}, {160, 1, 6},
                {160, 1, 6}, {320, 1, 6}};
        for (int i = 0; i < blocks.length; i++) {
            x = block(x, blocks[i][0], blocks[i][1], blocks[i][2], i);
        }
        x = b.layer("Conv_1", new Conv2D(1280, 1, 1, 1, 1, 1, Padding.VALID, 1, false, Activation.LINEAR), x);
        x = b.batchNorm(x, "Conv_1_bn", true, EPSILON);
        b.layer("out_relu", RELU6, x);
        return b.build("mobilenet_v2", 224, 32, Preprocessing.TF);
    }

    private String block(String inputs, int filters, int stride, int expansion, int id) {
        long in = b.channels(inputs);
        int pointwise = Divisible.make(filters, 8);
        String prefix = id == 0 ? "expanded_conv_" : "block_" + id + "_";
        String x = inputs;
        if (id > 0) {
            x = b.layer(prefix + "expand", new Conv2D((int) (expansion * in), 1, 1, 1, 1, 1, Padding.SAME, 1, false,
                    Activation.LINEAR), x);
            x = b.batchNorm(x, prefix + "expand_BN", true, EPSILON);
            x = b.layer(prefix + "expand_relu", RELU6, x);
        }
        if (stride == 2) {
            x = b.layer(prefix + "pad", new CorrectPadding(3), x);
        }
        x = b.layer(prefix + "depthwise", new DepthwiseConv2D(3, 3, stride, stride, 1,
                stride == 1 ? Padding.SAME : Padding.VALID, 1, false, Activation.LINEAR), x);
        x = b.batchNorm(x, prefix + "depthwise_BN", true, EPSILON);
        x = b.layer(prefix + "depthwise_relu", RELU6, x);
        x = b.layer(prefix + "project", new Conv2D(pointwise, 1, 1, 1, 1, 1, Padding.SAME, 1, false,
                Activation.LINEAR), x);
        x = b.batchNorm(x, prefix + "project_BN", true, EPSILON);
        if (in == pointwise && stride == 1) {
            x = b.add(prefix + "add", inputs, x);
        }
        return x;
    }
}
