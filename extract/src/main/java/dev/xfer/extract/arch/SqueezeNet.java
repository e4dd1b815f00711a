package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;

/**
 * SqueezeNet v1.1 without its classifier, in the layout of the Keras weights file
 * {@code squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5}: conv1 3x3/2 valid, fire2..fire9, drop9.
 * Its layer names contain a slash ({@code fire2/squeeze1x1}) because the file's do.
 */
final class SqueezeNet {
    private SqueezeNet() {
    }

    static Architecture create() {
        ArchitectureBuilder b = new ArchitectureBuilder();
        String x = b.input();
        x = b.conv(x, "conv1", 64, 3, 3, 2, false, true, false);
        x = b.relu(x, "relu_conv1");
        x = b.maxPool(x, "pool1", 3, 2, false);
        x = fire(b, x, 2, 16, 64);
        x = fire(b, x, 3, 16, 64);
        x = b.maxPool(x, "pool3", 3, 2, false);
        x = fire(b, x, 4, 32, 128);
        x = fire(b, x, 5, 32, 128);
        x = b.maxPool(x, "pool5", 3, 2, false);
        x = fire(b, x, 6, 48, 192);
        x = fire(b, x, 7, 48, 192);
        x = fire(b, x, 8, 64, 256);
        x = fire(b, x, 9, 64, 256);
        b.dropout(x, "drop9");
        return b.build("squeezenet", 227, 31, Preprocessing.CAFFE);
    }

    private static String fire(ArchitectureBuilder b, String x, int id, int squeeze, int expand) {
        String p = "fire" + id + "/";
        x = b.conv(x, p + "squeeze1x1", squeeze, 1, 1, 1, false, true, false);
        x = b.relu(x, p + "relu_squeeze1x1");
        String left = b.conv(x, p + "expand1x1", expand, 1, 1, 1, false, true, false);
        left = b.relu(left, p + "relu_expand1x1");
        String right = b.conv(x, p + "expand3x3", expand, 3, 3, 1, true, true, false);
        right = b.relu(right, p + "relu_expand3x3");
        return b.concat(p + "concat", left, right);
    }
}
