package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.LayerSpec.Rescaling;
import dev.xfer.extract.arch.WeightedSpec.Conv2D;
import dev.xfer.extract.arch.WeightedSpec.DepthwiseConv2D;
import java.util.Map;

/**
 * EfficientNetV2 B0..B3, S, M and L without their tops, as {@code keras.applications.efficientnet_v2} builds them:
 * preprocessing inside the model (B0..B3: Rescaling 1/255 and Normalization by the ImageNet mean and variance; S, M,
 * L: Rescaling to -1..1), fused MBConv blocks early and MBConv blocks with squeeze-and-excitation late, swish,
 * BatchNormalization with Keras' default epsilon 1e-3.
 */
final class EfficientNetV2 {
    private static final float EPSILON = 1e-3f;
    /** kernel, repeats, filters in, filters out, expansion, se ratio x 100, stride, fused (1) or not (0). */
    private static final int[][] B = {{3, 1, 32, 16, 1, 0, 1, 1}, {3, 2, 16, 32, 4, 0, 2, 1}, {3, 2, 32, 48, 4, 0, 2, 1},
            {3, 3, 48, 96, 4, 25, 2, 0}, {3, 5, 96, 112, 6, 25, 1, 0}, {3, 8, 112, 192, 6, 25, 2, 0}};
    private static final Map<String, int[][]> BLOCKS = Map.of("b", B,
            "s", new int[][] {{3, 2, 24, 24, 1, 0, 1, 1}, {3, 4, 24, 48, 4, 0, 2, 1}, {3, 4, 48, 64, 4, 0, 2, 1},
                    {3, 6, 64, 128, 4, 25, 2, 0}, {3, 9, 128, 160, 6, 25, 1, 0}, {3, 15, 160, 256, 6, 25, 2, 0}},
            "m", new int[][] {{3, 3, 24, 24, 1, 0, 1, 1}, {3, 5, 24, 48, 4, 0, 2, 1}, {3, 5, 48, 80, 4, 0, 2, 1},
                    {3, 7, 80, 160, 4, 25, 2, 0}, {3, 14, 160, 176, 6, 25, 1, 0}, {3, 18, 176, 304, 6, 25, 2, 0},
                    {3, 5, 304, 512, 6, 25, 1, 0}},
            "l", new int[][] {{3, 4, 32, 32, 1, 0, 1, 1}, {3, 7, 32, 64, 4, 0, 2, 1}, {3, 7, 64, 96, 4, 0, 2, 1},
                    {3, 10, 96, 192, 4, 25, 2, 0}, {3, 19, 192, 224, 6, 25, 1, 0}, {3, 25, 224, 384, 6, 25, 2, 0},
                    {3, 7, 384, 640, 6, 25, 1, 0}});

    private final ArchitectureBuilder b = new ArchitectureBuilder();
    private final double width;
    private final double depth;

    private EfficientNetV2(double width, double depth) {
        this.width = width;
        this.depth = depth;
    }

    /** {@code member}: b0, b1, b2, b3, s, m or l. */
    static Architecture create(String member) {
        double[] c = switch (member) {
            case "b0" -> new double[] {1.0, 1.0, 224};
            case "b1" -> new double[] {1.0, 1.1, 240};
            case "b2" -> new double[] {1.1, 1.2, 260};
            case "b3" -> new double[] {1.2, 1.4, 300};
            case "s" -> new double[] {1.0, 1.0, 384};
            case "m", "l" -> new double[] {1.0, 1.0, 480};
            default -> throw new IllegalArgumentException(member);
        };
        return new EfficientNetV2(c[0], c[1]).build(member, (int) c[2]);
    }

    private Architecture build(String member, int size) {
        int[][] blocks = BLOCKS.get(member.startsWith("b") ? "b" : member);
        String x = b.input();
        if (member.startsWith("b")) {
            x = b.layer(null, new Rescaling(new float[] {1f / 255f}, new float[] {0f}), x);
            x = b.layer(null, new WeightedSpec.Normalization(Preprocessing.TORCH_MEAN, squares(Preprocessing.TORCH_STD)),
                    x);
        } else {
            x = b.layer(null, new Rescaling(new float[] {1f / 128f}, new float[] {-1f}), x);
        }
        x = b.layer("stem_conv", conv(filters(blocks[0][2]), 3, 2), x);
        x = b.batchNorm(x, "stem_bn", true, EPSILON);
        x = b.activation(x, "stem_activation", Activation.SILU);
        int index = 0;
        for (int i = 0; i < blocks.length; i++) {
            int[] a = blocks[i];
            int in = filters(a[2]);
            int out = filters(a[3]);
            int repeats = (int) Math.ceil(depth * a[1]);
            for (int j = 0; j < repeats; j++) {
                String name = "block" + (i + 1) + (char) ('a' + j) + "_";
                int fin = j == 0 ? in : out;
                int stride = j == 0 ? a[6] : 1;
                x = a[7] == 1 ? fused(x, fin, out, a[0], stride, a[4], index > 0, name)
                        : mbConv(x, fin, out, a[0], stride, a[4], a[5] / 100.0, index > 0, name);
                index++;
            }
        }
        x = b.layer("top_conv", conv(filters(1280), 1, 1), x);
        x = b.batchNorm(x, "top_bn", true, EPSILON);
        b.activation(x, "top_activation", Activation.SILU);
        return b.build("efficientnetv2-" + member, size, 32, Preprocessing.NONE);
    }

    private String mbConv(String inputs, int in, int out, int kernel, int stride, int expand, double se,
                          boolean dropped, String name) {
        int filters = in * expand;
        String x = inputs;
        if (expand != 1) {
            x = b.layer(name + "expand_conv", conv(filters, 1, 1), x);
            x = b.batchNorm(x, name + "expand_bn", true, EPSILON);
            x = b.activation(x, name + "expand_activation", Activation.SILU);
        }
        x = b.layer(name + "dwconv2", new DepthwiseConv2D(kernel, kernel, stride, stride, 1, Padding.SAME, 1, false,
                Activation.LINEAR), x);
        x = b.batchNorm(x, name + "bn", true, EPSILON);
        x = b.activation(x, name + "activation", Activation.SILU);
        if (se > 0) {
            x = SqueezeExcitation.efficientNet(b, x, in, filters, se, name);
        }
        x = b.layer(name + "project_conv", conv(out, 1, 1), x);
        x = b.batchNorm(x, name + "project_bn", true, EPSILON);
        return residual(x, inputs, in, out, stride, dropped, name);
    }

    private String fused(String inputs, int in, int out, int kernel, int stride, int expand, boolean dropped,
                         String name) {
        String x = inputs;
        if (expand != 1) {
            x = b.layer(name + "expand_conv", conv(in * expand, kernel, stride), x);
            x = b.batchNorm(x, name + "expand_bn", true, EPSILON);
            x = b.activation(x, name + "expand_activation", Activation.SILU);
        }
        x = b.layer(name + "project_conv", conv(out, expand != 1 ? 1 : kernel, expand != 1 ? 1 : stride), x);
        x = b.batchNorm(x, name + "project_bn", true, EPSILON);
        if (expand == 1) {
            x = b.activation(x, name + "project_activation", Activation.SILU);
        }
        return residual(x, inputs, in, out, stride, dropped, name);
    }

    private String residual(String x, String inputs, int in, int out, int stride, boolean dropped, String name) {
        if (stride != 1 || in != out) {
            return x;
        }
        if (dropped) {
            x = b.dropout(x, name + "drop");
        }
        return b.add(name + "add", x, inputs);
    }

    private static Conv2D conv(int filters, int kernel, int stride) {
        return new Conv2D(filters, kernel, kernel, stride, stride, 1, Padding.SAME, 1, false, Activation.LINEAR);
    }

    /** Keras' round_filters for V2: no "not below 90%" rule, unlike V1. */
    private int filters(int f) {
        double v = f * width;
        return Math.max(8, (int) (v + 4) / 8 * 8);
    }

    private static float[] squares(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * v[i];
        }
        return out;
    }
}
