package dev.xfer.doctor.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * Small JPEG thumbnails as data URIs, so the report is one self-contained file. The photos are read from the
 * dataset folder the snapshot was extracted from; a photo that has gone (moved, deleted) gets no thumbnail, and
 * the report says so, rather than failing.
 */
final class Thumbnails {
    static final int SIZE = 112;

    private Thumbnails() {
    }

    /** A data URI of {@code root/relative} scaled to fit {@value #SIZE} pixels, or null when it cannot be read. */
    static String of(Path root, String relative) {
        if (root == null) {
            return null;
        }
        try {
            Path p = root.resolve(relative);
            if (!Files.isRegularFile(p)) {
                return null;
            }
            BufferedImage img = ImageIO.read(p.toFile());
            if (img == null) {
                return null;
            }
            double s = Math.min(1.0, (double) SIZE / Math.max(img.getWidth(), img.getHeight()));
            int w = Math.max(1, (int) Math.round(img.getWidth() * s));
            int h = Math.max(1, (int) Math.round(img.getHeight() * s));
            BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, w, h, null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(small, "jpg", out);
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
