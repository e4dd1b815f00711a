package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;

/**
 * VGG16 and VGG19 without their tops, as {@code keras.applications.VGG16(include_top=False)} (19 layers, 14,714,688
 * weights) and {@code VGG19} (22 layers, 20,024,384 weights) build them.
 */
final class Vgg16 {
    private Vgg16() {
    }

    static Architecture create() {
        return create("vgg16", 3);
    }

    /** {@code deep}: convolutions in each of the last three blocks (3 for VGG16, 4 for VGG19). */
    static Architecture create(String name, int deep) {
        ArchitectureBuilder b = new ArchitectureBuilder();
        String x = b.input();
        int[][] blocks = {{64, 2}, {128, 2}, {256, deep}, {512, deep}, {512, deep}};
        for (int i = 0; i < blocks.length; i++) {
            String block = "block" + (i + 1);
            for (int c = 1; c <= blocks[i][1]; c++) {
                x = b.conv(x, block + "_conv" + c, blocks[i][0], 3, 3, 1, true, true, true);
            }
            x = b.maxPool(x, block + "_pool", 2, 2, false);
        }
        return b.build(name, 224, 32, Preprocessing.CAFFE);
    }
}
