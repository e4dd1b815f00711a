package dev.xfer.cli;

import dev.xfer.common.AtomicFiles;
import dev.xfer.common.BadInputException;
import dev.xfer.extract.augment.AugmentSpec;
import dev.xfer.extract.augment.Augmenter;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.dataset.ImageEntry;
import dev.xfer.extract.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xfer augment-preview}: what an augmentation setting does to real images, before training with it. */
@Command(name = "augment-preview", mixinStandardHelpOptions = true,
        header = "Draw a grid of augmented samples to preview --augment.",
        description = {"Draw a grid of augmented samples: one row per image (the first image of each class in "
                + "turn), the original on the left, then augmented views drawn exactly as 'xfer finetune "
                + "--augment' and 'xfer extract --augment' draw them for the first epoch."},
        footer = {"", "Example:", "  xfer augment-preview data/ --augment rotation=30,zoom=0.2,fill=reflect --out grid.png"})
final class AugmentPreviewCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DATA", description = "A dataset folder, or a folder of images.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "Where to write the grid.")
    Path out;

    @Option(names = "--augment", defaultValue = "default", paramLabel = "SPEC",
            description = "As for 'xfer finetune --augment'. Default: " + AugmentSpec.DEFAULT + ".")
    String augment;

    @Option(names = "--images", defaultValue = "4", description = "Rows (images). Default: ${DEFAULT-VALUE}.")
    int images;

    @Option(names = "--views", defaultValue = "7", description = "Augmented views per image. Default: ${DEFAULT-VALUE}.")
    int views;

    @Option(names = "--image-size", defaultValue = "160", paramLabel = "S", description = "Cell side in pixels. "
            + "Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || views < 1 || size < 8) {
            throw new BadInputException("--images and --views must be 1 or more, --image-size 8 or more");
        }
        AugmentSpec a = AugmentSpec.parse(augment);
        List<ImageEntry> picked = pick(DatasetScan.of(data));
        int px = size * size * 3;
        BufferedImage grid = new BufferedImage((views + 1) * (size + 4) + 4, picked.size() * (size + 4) + 4,
                BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = grid.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.dispose();
        try (ImageDecoder decoder = new ImageDecoder(size); Augmenter augmenter = new Augmenter(a, size)) {
            for (int row = 0; row < picked.size(); row++) {
                float[] one = decoder.decode(picked.get(row).file());
                float[] batch = new float[views * px];
                for (int v = 0; v < views; v++) {
                    System.arraycopy(one, 0, batch, v * px, px);
                }
                // one stream per (image, view): the same draws for the same seed, whatever else is previewed
                float[] augmented = augmenter.apply(batch, views, seed, 1, (long) row * views);
                draw(grid, one, 0, row);
                for (int v = 0; v < views; v++) {
                    draw(grid, java.util.Arrays.copyOfRange(augmented, v * px, (v + 1) * px), v + 1, row);
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grid, "png", png);
        AtomicFiles.write(out, png.toByteArray());
        spec.commandLine().getOut().printf("wrote %s: %d images x (original + %d views), %s%n", out, picked.size(),
                views, a.describe());
        return XferCommand.OK;
    }

    /** The first images of each class in turn, so every class shows. */
    private List<ImageEntry> pick(DatasetScan scan) {
        List<List<ImageEntry>> byClass = new ArrayList<>();
        if (scan.labelled()) {
            for (String c : scan.classes()) {
                byClass.add(scan.images().stream().filter(e -> c.equals(e.label())).toList());
            }
        } else {
            byClass.add(scan.images());
        }
        List<ImageEntry> out = new ArrayList<>();
        for (int i = 0; out.size() < images; i++) {
            boolean any = false;
            for (List<ImageEntry> c : byClass) {
                if (i < c.size() && out.size() < images) {
                    out.add(c.get(i));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }

    private void draw(BufferedImage grid, float[] rgb, int col, int row) {
        int x0 = 4 + col * (size + 4);
        int y0 = 4 + row * (size + 4);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = (y * size + x) * 3;
                grid.setRGB(x0 + x, y0 + y, clamp(rgb[i]) << 16 | clamp(rgb[i + 1]) << 8 | clamp(rgb[i + 2]));
            }
        }
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
