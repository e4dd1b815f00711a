package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;

/**
 * InceptionV3 without its top, as {@code keras.applications.InceptionV3(include_top=False)}: 311 layers,
 * 21,802,784 weights of which 34,432 (BatchNormalization moving statistics) are not trainable. Every
 * convolution is Conv2D without bias, BatchNormalization(scale=False, epsilon=0.001), then ReLU.
 */
final class InceptionV3 {
    private static final float BN_EPSILON = 0.001f;

    private final ArchitectureBuilder b = new ArchitectureBuilder();

    private InceptionV3() {
    }

    static Architecture create() {
        return new InceptionV3().build();
    }

    private Architecture build() {
        String x = b.input();
        x = convBn(x, 32, 3, 3, 2, false);
        x = convBn(x, 32, 3, 3, 1, false);
        x = convBn(x, 64, 3, 3, 1, true);
        x = b.maxPool(x, null, 3, 2, false);
        x = convBn(x, 80, 1, 1, 1, false);
        x = convBn(x, 192, 3, 3, 1, false);
        x = b.maxPool(x, null, 3, 2, false);
        for (int i = 0; i < 3; i++) {
            x = block35(x, i == 0 ? 32 : 64, "mixed" + i);
        }
        x = reduction17(x);
        x = block17(x, 128, "mixed4");
        x = block17(x, 160, "mixed5");
        x = block17(x, 160, "mixed6");
        x = block17(x, 192, "mixed7");
        x = reduction8(x);
        for (int i = 0; i < 2; i++) {
            x = block8(x, i);
        }
        return b.build("inception_v3", 299, 75, Preprocessing.TF);
    }

    private String block35(String x, int poolFilters, String name) {
        String branch1x1 = convBn(x, 64, 1, 1, 1, true);
        String branch5x5 = convBn(x, 48, 1, 1, 1, true);
        branch5x5 = convBn(branch5x5, 64, 5, 5, 1, true);
        String dbl = convBn(x, 64, 1, 1, 1, true);
        dbl = convBn(dbl, 96, 3, 3, 1, true);
        dbl = convBn(dbl, 96, 3, 3, 1, true);
        String pool = b.avgPool(x, null, 3, 1, true);
        pool = convBn(pool, poolFilters, 1, 1, 1, true);
        return b.concat(name, branch1x1, branch5x5, dbl, pool);
    }

    private String reduction17(String x) {
        String branch3x3 = convBn(x, 384, 3, 3, 2, false);
        String dbl = convBn(x, 64, 1, 1, 1, true);
        dbl = convBn(dbl, 96, 3, 3, 1, true);
        dbl = convBn(dbl, 96, 3, 3, 2, false);
        String pool = b.maxPool(x, null, 3, 2, false);
        return b.concat("mixed3", branch3x3, dbl, pool);
    }

    private String block17(String x, int c, String name) {
        String branch1x1 = convBn(x, 192, 1, 1, 1, true);
        String b7 = convBn(x, c, 1, 1, 1, true);
        b7 = convBn(b7, c, 1, 7, 1, true);
        b7 = convBn(b7, 192, 7, 1, 1, true);
        String dbl = convBn(x, c, 1, 1, 1, true);
        dbl = convBn(dbl, c, 7, 1, 1, true);
        dbl = convBn(dbl, c, 1, 7, 1, true);
        dbl = convBn(dbl, c, 7, 1, 1, true);
        dbl = convBn(dbl, 192, 1, 7, 1, true);
        String pool = b.avgPool(x, null, 3, 1, true);
        pool = convBn(pool, 192, 1, 1, 1, true);
        return b.concat(name, branch1x1, b7, dbl, pool);
    }

    private String reduction8(String x) {
        String branch3x3 = convBn(x, 192, 1, 1, 1, true);
        branch3x3 = convBn(branch3x3, 320, 3, 3, 2, false);
        String b7 = convBn(x, 192, 1, 1, 1, true);
        b7 = convBn(b7, 192, 1, 7, 1, true);
        b7 = convBn(b7, 192, 7, 1, 1, true);
        b7 = convBn(b7, 192, 3, 3, 2, false);
        String pool = b.maxPool(x, null, 3, 2, false);
        return b.concat("mixed8", branch3x3, b7, pool);
    }

    private String block8(String x, int i) {
        String branch1x1 = convBn(x, 320, 1, 1, 1, true);
        String b3 = convBn(x, 384, 1, 1, 1, true);
        String b3a = convBn(b3, 384, 1, 3, 1, true);
        String b3b = convBn(b3, 384, 3, 1, 1, true);
        b3 = b.concat("mixed9_" + i, b3a, b3b);
        String dbl = convBn(x, 448, 1, 1, 1, true);
        dbl = convBn(dbl, 384, 3, 3, 1, true);
        String dbla = convBn(dbl, 384, 1, 3, 1, true);
        String dblb = convBn(dbl, 384, 3, 1, 1, true);
        dbl = b.concat(null, dbla, dblb);
        String pool = b.avgPool(x, null, 3, 1, true);
        pool = convBn(pool, 192, 1, 1, 1, true);
        return b.concat("mixed" + (9 + i), branch1x1, b3, dbl, pool);
    }

    private String convBn(String x, int filters, int kh, int kw, int stride, boolean same) {
        x = b.conv(x, null, filters, kh, kw, stride, same, false, false);
        x = b.batchNorm(x, null, false, BN_EPSILON);
        return b.relu(x, null);
    }
}
