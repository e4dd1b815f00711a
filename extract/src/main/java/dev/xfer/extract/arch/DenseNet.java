package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.LayerSpec.ZeroPadding2D;

/**
 * DenseNet121/169/201 without their tops, as {@code keras.applications.densenet} builds them: dense blocks whose
 * every layer (BN-ReLU-1x1-BN-ReLU-3x3, growth 32) is concatenated to its input, transitions halving the channels
 * and the size, BatchNormalization with epsilon 1.001e-5, torch preprocessing.
 */
final class DenseNet {
    private static final float EPSILON = 1.001e-5f;

    private final ArchitectureBuilder b = new ArchitectureBuilder();

    private DenseNet() {
    }

    /** {@code blocks}: conv blocks in each of the four dense blocks. */
    static Architecture create(String name, int... blocks) {
        return new DenseNet().build(name, blocks);
    }

    private Architecture build(String name, int[] blocks) {
        String x = b.input();
        x = b.layer(null, new ZeroPadding2D(3, 3, 3, 3), x);
        x = b.conv(x, "conv1_conv", 64, 7, 7, 2, false, false, false);
        x = b.batchNorm(x, "conv1_bn", true, EPSILON);
        x = b.relu(x, "conv1_relu");
        x = b.layer(null, new ZeroPadding2D(1, 1, 1, 1), x);
        x = b.maxPool(x, "pool1", 3, 2, false);
        for (int i = 0; i < 4; i++) {
            x = denseBlock(x, blocks[i], "conv" + (i + 2));
            if (i < 3) {
                x = transition(x, "pool" + (i + 2));
            }
        }
        x = b.batchNorm(x, "bn", true, EPSILON);
        b.relu(x, "relu");
        return b.build(name, 224, 32, Preprocessing.TORCH);
    }

    private String denseBlock(String x, int blocks, String name) {
        for (int i = 0; i < blocks; i++) {
            x = convBlock(x, name + "_block" + (i + 1));
        }
        return x;
    }

    private String transition(String x, String name) {
        x = b.batchNorm(x, name + "_bn", true, EPSILON);
        x = b.relu(x, name + "_relu");
        x = b.conv(x, name + "_conv", (int) (b.channels(x) * 0.5), 1, 1, 1, false, false, false);
        return b.avgPool(x, name + "_pool", 2, 2, false);
    }

    private String convBlock(String x, String name) {
        String x1 = b.batchNorm(x, name + "_0_bn", true, EPSILON);
        x1 = b.relu(x1, name + "_0_relu");
        x1 = b.conv(x1, name + "_1_conv", 4 * 32, 1, 1, 1, false, false, false);
        x1 = b.batchNorm(x1, name + "_1_bn", true, EPSILON);
        x1 = b.relu(x1, name + "_1_relu");
        x1 = b.conv(x1, name + "_2_conv", 32, 3, 3, 1, true, false, false);
        return b.concat(name + "_concat", x, x1);
    }
}
