package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.WeightedSpec.SeparableConv2D;

/**
 * Xception without its top, as {@code keras.applications.Xception(include_top=False)}: an entry flow of separable
 * convolutions with strided 1x1 residuals, eight middle blocks of three separable convolutions, an exit flow;
 * BatchNormalization with Keras' default epsilon 1e-3, tf preprocessing.
 */
final class Xception {
    private static final float EPSILON = 1e-3f;

    private final ArchitectureBuilder b = new ArchitectureBuilder();

    private Xception() {
    }

    static Architecture create() {
        return new Xception().build();
    }

    private Architecture build() {
        String x = b.input();
        x = b.conv(x, "block1_conv1", 32, 3, 3, 2, false, false, false);
        x = b.batchNorm(x, "block1_conv1_bn", true, EPSILON);
        x = b.relu(x, "block1_conv1_act");
        x = b.conv(x, "block1_conv2", 64, 3, 3, 1, false, false, false);
        x = b.batchNorm(x, "block1_conv2_bn", true, EPSILON);
        x = b.relu(x, "block1_conv2_act");
        x = entryBlock(x, 2, 128, 128, false);
        x = entryBlock(x, 3, 256, 256, true);
        x = entryBlock(x, 4, 728, 728, true);
        for (int i = 0; i < 8; i++) {
            String residual = x;
            String prefix = "block" + (i + 5);
            for (int c = 1; c <= 3; c++) {
                x = b.relu(x, prefix + "_sepconv" + c + "_act");
                x = sep(x, prefix + "_sepconv" + c, 728);
                x = b.batchNorm(x, prefix + "_sepconv" + c + "_bn", true, EPSILON);
            }
            x = b.add(null, x, residual);
        }
        x = entryBlock(x, 13, 728, 1024, true);
        x = sep(x, "block14_sepconv1", 1536);
        x = b.batchNorm(x, "block14_sepconv1_bn", true, EPSILON);
        x = b.relu(x, "block14_sepconv1_act");
        x = sep(x, "block14_sepconv2", 2048);
        x = b.batchNorm(x, "block14_sepconv2_bn", true, EPSILON);
        b.relu(x, "block14_sepconv2_act");
        return b.build("xception", 299, 71, Preprocessing.TF);
    }

    /**
     * Blocks 2-4 and 13: a strided 1x1 residual, two separable convolutions (the first without a ReLU before it in
     * block 2), a strided max pool, and the sum.
     */
    private String entryBlock(String x, int id, int first, int second, boolean reluFirst) {
        String residual = b.conv(x, null, second, 1, 1, 2, true, false, false);
        residual = b.batchNorm(residual, null, true, EPSILON);
        String p = "block" + id;
        if (reluFirst) {
            x = b.relu(x, p + "_sepconv1_act");
        }
        x = sep(x, p + "_sepconv1", first);
        x = b.batchNorm(x, p + "_sepconv1_bn", true, EPSILON);
        x = b.relu(x, p + "_sepconv2_act");
        x = sep(x, p + "_sepconv2", second);
        x = b.batchNorm(x, p + "_sepconv2_bn", true, EPSILON);
        x = b.maxPool(x, p + "_pool", 3, 2, true);
        return b.add(null, x, residual);
    }

    private String sep(String x, String name, int filters) {
        return b.layer(name, new SeparableConv2D(filters, 3, 3, 1, 1, 1, Padding.SAME, 1, false, Activation.LINEAR), x);
    }
}
