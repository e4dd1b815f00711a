package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.LayerSpec.ZeroPadding2D;

/**
 * ResNet50/101/152 (v1, caffe preprocessing) and ResNet50V2/101V2/152V2 (pre-activation, tf preprocessing) without
 * their tops, as {@code keras.applications.resnet} and {@code resnet_v2} build them: bottleneck blocks of 1x1, 3x3
 * and 1x1 convolutions with biases, BatchNormalization with epsilon 1.001e-5, Keras' layer names
 * ({@code conv4_block6_out}, {@code post_relu}).
 */
final class ResNet {
    private static final float EPSILON = 1.001e-5f;

    private final ArchitectureBuilder b = new ArchitectureBuilder();
    private final boolean v2;

    private ResNet(boolean v2) {
        this.v2 = v2;
    }

    /** {@code blocks}: residual blocks per stage, conv2..conv5. */
    static Architecture create(String name, boolean v2, int... blocks) {
        return new ResNet(v2).build(name, blocks);
    }

    private Architecture build(String name, int[] blocks) {
        String x = b.input();
        x = b.layer("conv1_pad", new ZeroPadding2D(3, 3, 3, 3), x);
        x = b.conv(x, "conv1_conv", 64, 7, 7, 2, false, true, false);
        if (!v2) {
            x = b.batchNorm(x, "conv1_bn", true, EPSILON);
            x = b.relu(x, "conv1_relu");
        }
        x = b.layer("pool1_pad", new ZeroPadding2D(1, 1, 1, 1), x);
        x = b.maxPool(x, "pool1_pool", 3, 2, false);
        int[] filters = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            String stage = "conv" + (s + 2);
            x = v2 ? stackV2(x, filters[s], blocks[s], s == 3 ? 1 : 2, stage)
                    : stackV1(x, filters[s], blocks[s], s == 0 ? 1 : 2, stage);
        }
        if (v2) {
            x = b.batchNorm(x, "post_bn", true, EPSILON);
            b.relu(x, "post_relu");
        }
        return b.build(name, 224, 32, v2 ? Preprocessing.TF : Preprocessing.CAFFE);
    }

    private String stackV1(String x, int filters, int blocks, int stride, String name) {
        x = blockV1(x, filters, stride, true, name + "_block1");
        for (int i = 2; i <= blocks; i++) {
            x = blockV1(x, filters, 1, false, name + "_block" + i);
        }
        return x;
    }

    private String blockV1(String x, int filters, int stride, boolean convShortcut, String name) {
        String shortcut = x;
        if (convShortcut) {
            shortcut = b.conv(x, name + "_0_conv", 4 * filters, 1, 1, stride, false, true, false);
            shortcut = b.batchNorm(shortcut, name + "_0_bn", true, EPSILON);
        }
        x = b.conv(x, name + "_1_conv", filters, 1, 1, stride, false, true, false);
        x = b.batchNorm(x, name + "_1_bn", true, EPSILON);
        x = b.relu(x, name + "_1_relu");
        x = b.conv(x, name + "_2_conv", filters, 3, 3, 1, true, true, false);
        x = b.batchNorm(x, name + "_2_bn", true, EPSILON);
        x = b.relu(x, name + "_2_relu");
        x = b.conv(x, name + "_3_conv", 4 * filters, 1, 1, 1, false, true, false);
        x = b.batchNorm(x, name + "_3_bn", true, EPSILON);
        x = b.add(name + "_add", shortcut, x);
        return b.relu(x, name + "_out");
    }

    private String stackV2(String x, int filters, int blocks, int lastStride, String name) {
        x = blockV2(x, filters, 1, true, name + "_block1");
        for (int i = 2; i < blocks; i++) {
            x = blockV2(x, filters, 1, false, name + "_block" + i);
        }
        return blockV2(x, filters, lastStride, false, name + "_block" + blocks);
    }

    private String blockV2(String x, int filters, int stride, boolean convShortcut, String name) {
        String preact = b.batchNorm(x, name + "_preact_bn", true, EPSILON);
        preact = b.relu(preact, name + "_preact_relu");
        String shortcut;
        if (convShortcut) {
            shortcut = b.conv(preact, name + "_0_conv", 4 * filters, 1, 1, stride, false, true, false);
        } else {
            shortcut = stride > 1 ? b.maxPool(x, null, 1, stride, false) : x;
        }
        x = b.conv(preact, name + "_1_conv", filters, 1, 1, 1, false, false, false);
        x = b.batchNorm(x, name + "_1_bn", true, EPSILON);
        x = b.relu(x, name + "_1_relu");
        x = b.layer(name + "_2_pad", new ZeroPadding2D(1, 1, 1, 1), x);
        x = b.conv(x, name + "_2_conv", filters, 3, 3, stride, false, false, false);
        x = b.batchNorm(x, name + "_2_bn", true, EPSILON);
        x = b.relu(x, name + "_2_relu");
        x = b.conv(x, name + "_3_conv", 4 * filters, 1, 1, 1, false, true, false);
        return b.add(name + "_out", shortcut, x);
    }
}
