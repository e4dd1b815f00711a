package dev.xfer.doctor.similarity;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes re-encoded copies of real photos, as the planted benchmarks make them: 90% size, 4% cropped, JPEG 0.75. */
final class PhotoCopies {
    private PhotoCopies() {
    }

    static void nearCopy(Path from, Path to) throws Exception {
        BufferedImage img = ImageIO.read(from.toFile());
        int w = (int) Math.round(img.getWidth() * 0.9);
        int h = (int) Math.round(img.getHeight() * 0.9);
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        int dx = (int) Math.round(w * 0.04);
        int dy = (int) Math.round(h * 0.04);
        BufferedImage crop = small.getSubimage(dx, dy, w - dx, h - dy);
        BufferedImage copy = new BufferedImage(crop.getWidth(), crop.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(crop, 0, 0, null);
        Files.createDirectories(to.getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.75f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(to.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(copy, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
