package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.WeightedSpec.Conv2D;

/**
 * InceptionResNetV2 without its top, as {@code keras.applications.InceptionResNetV2(include_top=False)} builds it:
 * the Inception stem, 10 block35, 20 block17 and 10 block8 residual blocks whose branch is added scaled
 * ({@code CustomScaleLayer}), convolutions without bias followed by BatchNormalization without gamma (epsilon 1e-3)
 * and ReLU, tf preprocessing.
 */
final class InceptionResNetV2 {
    private static final float EPSILON = 1e-3f;

    private final ArchitectureBuilder b = new ArchitectureBuilder();

    private InceptionResNetV2() {
    }

    static Architecture create() {
        return new InceptionResNetV2().build();
    }

    private Architecture build() {
        String x = b.input();
        x = convBn(x, 32, 3, 3, 2, Padding.VALID);
        x = convBn(x, 32, 3, 3, 1, Padding.VALID);
        x = convBn(x, 64, 3, 3, 1, Padding.SAME);
        x = b.maxPool(x, null, 3, 2, false);
        x = convBn(x, 80, 1, 1, 1, Padding.VALID);
        x = convBn(x, 192, 3, 3, 1, Padding.VALID);
        x = b.maxPool(x, null, 3, 2, false);
        String b0 = convBn(x, 96, 1, 1, 1, Padding.SAME);
        String b1 = convBn(convBn(x, 48, 1, 1, 1, Padding.SAME), 64, 5, 5, 1, Padding.SAME);
        String b2 = convBn(convBn(convBn(x, 64, 1, 1, 1, Padding.SAME), 96, 3, 3, 1, Padding.SAME), 96, 3, 3, 1,
                Padding.SAME);
        String pool = convBn(b.avgPool(x, null, 3, 1, true), 64, 1, 1, 1, Padding.SAME);
        x = b.concat("mixed_5b", b0, b1, b2, pool);
        for (int i = 1; i <= 10; i++) {
            x = block(x, 0.17f, "block35", i, true);
        }
        b0 = convBn(x, 384, 3, 3, 2, Padding.VALID);
        b1 = convBn(convBn(convBn(x, 256, 1, 1, 1, Padding.SAME), 256, 3, 3, 1, Padding.SAME), 384, 3, 3, 2,
                Padding.VALID);
        pool = b.maxPool(x, null, 3, 2, false);
        x = b.concat("mixed_6a", b0, b1, pool);
        for (int i = 1; i <= 20; i++) {
            x = block(x, 0.1f, "block17", i, true);
        }
        b0 = convBn(convBn(x, 256, 1, 1, 1, Padding.SAME), 384, 3, 3, 2, Padding.VALID);
        b1 = convBn(convBn(x, 256, 1, 1, 1, Padding.SAME), 288, 3, 3, 2, Padding.VALID);
        b2 = convBn(convBn(convBn(x, 256, 1, 1, 1, Padding.SAME), 288, 3, 3, 1, Padding.SAME), 320, 3, 3, 2,
                Padding.VALID);
        pool = b.maxPool(x, null, 3, 2, false);
        x = b.concat("mixed_7a", b0, b1, b2, pool);
        for (int i = 1; i <= 9; i++) {
            x = block(x, 0.2f, "block8", i, true);
        }
        x = block(x, 1f, "block8", 10, false);
        named(x, "conv_7b", 1536);
        return b.build("inception_resnet_v2", 299, 75, Preprocessing.TF);
    }

    private String block(String x, float scale, String type, int index, boolean relu) {
        String mixed;
        String name = type + "_" + index;
        switch (type) {
            case "block35" -> {
                String b0 = convBn(x, 32, 1, 1, 1, Padding.SAME);
                String b1 = convBn(convBn(x, 32, 1, 1, 1, Padding.SAME), 32, 3, 3, 1, Padding.SAME);
                String b2 = convBn(convBn(convBn(x, 32, 1, 1, 1, Padding.SAME), 48, 3, 3, 1, Padding.SAME), 64, 3,
                        3, 1, Padding.SAME);
                mixed = b.concat(name + "_mixed", b0, b1, b2);
            }
            case "block17" -> {
                String b0 = convBn(x, 192, 1, 1, 1, Padding.SAME);
                String b1 = convBn(convBn(convBn(x, 128, 1, 1, 1, Padding.SAME), 160, 1, 7, 1, Padding.SAME), 192,
                        7, 1, 1, Padding.SAME);
                mixed = b.concat(name + "_mixed", b0, b1);
            }
            default -> {
                String b0 = convBn(x, 192, 1, 1, 1, Padding.SAME);
                String b1 = convBn(convBn(convBn(x, 192, 1, 1, 1, Padding.SAME), 224, 1, 3, 1, Padding.SAME), 256,
                        3, 1, 1, Padding.SAME);
                mixed = b.concat(name + "_mixed", b0, b1);
            }
        }
        String up = b.layer(name + "_conv", new Conv2D((int) b.channels(x), 1, 1, 1, 1, 1, Padding.SAME, 1, true,
                Activation.LINEAR), mixed);
        x = b.layer(null, new LayerSpec.CustomScale(scale), x, up);
        return relu ? b.relu(x, name + "_ac") : x;
    }

    /** Keras' conv2d_bn without a name: Conv2D without bias, BatchNormalization without gamma, ReLU. */
    private String convBn(String x, int filters, int kh, int kw, int stride, Padding padding) {
        x = b.layer(null, new Conv2D(filters, kh, kw, stride, stride, 1, padding, 1, false, Activation.LINEAR), x);
        x = b.batchNorm(x, null, false, EPSILON);
        return b.relu(x, null);
    }

    /** conv2d_bn with a name: its layers are NAME, NAME_bn and NAME_ac. */
    private void named(String x, String name, int filters) {
        x = b.layer(name, new Conv2D(filters, 1, 1, 1, 1, 1, Padding.SAME, 1, false, Activation.LINEAR), x);
        x = b.batchNorm(x, name + "_bn", false, EPSILON);
        b.relu(x, name + "_ac");
    }
}
