package dev.xfer.extract.arch;

import dev.xfer.common.Preprocessing;

/** VGG16 without its top, as {@code keras.applications.VGG16(include_top=False)}: 19 layers, 14,714,688 weights. */
final class Vgg16 {
    private Vgg16() {
    }

    static Architecture create() {
        ArchitectureBuilder b = new ArchitectureBuilder();
        String x = b.input();
        int[][] blocks = {{64, 2}, {128, 2}, {256, 3}, {512, 3}, {512, 3}};
        for (int i = 0; i < blocks.length; i++) {
            String block = "block" + (i + 1);
            for (int c = 1; c <= blocks[i][1]; c++) {
                x = b.conv(x, block + "_conv" + c, blocks[i][0], 3, 3, 1, true, true, true);
            }
            x = b.maxPool(x, block + "_pool", 2, 2, false);
        }
        return b.build("vgg16", 224, 32, Preprocessing.CAFFE);
    }
}
