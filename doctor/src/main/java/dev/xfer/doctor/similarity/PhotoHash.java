package dev.xfer.doctor.similarity;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A 64-bit perceptual hash of a photo (the DCT hash of Zauner, "Implementation and benchmarking of perceptual image
 * hash functions", 2010): luminance averaged down to 32 x 32, its 2-D DCT-II, and one bit per coefficient of the
 * 8 x 8 lowest frequencies, set when it is above their median (the DC term left out of the median). Re-encoding,
 * resizing and small crops move few bits; a different photo of a similar scene moves about half of them. It is a
 * signal independent of the conv base's features, so the two together confirm a duplicate.
 */
public final class PhotoHash {
    /** Bits in a hash. */
    public static final int BITS = 64;
    private static final int SIDE = 32;
    private static final int LOW = 8;
    private static final double[][] COS = new double[LOW][SIDE];

    static {
        for (int u = 0; u < LOW; u++) {
            for (int x = 0; x < SIDE; x++) {
                COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * SIDE));
            }
        }
    }

    private PhotoHash() {
    }

    /** The hash of the photo at {@code file}, or null when it is gone or cannot be decoded. */
    public static Long of(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            BufferedImage img = ImageIO.read(file.toFile());
            return img == null ? null : of(img);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The hash of a decoded image. */
    public static long of(BufferedImage img) {
        double[][] g = luminance(img);
        double[] c = new double[LOW * LOW];
        for (int u = 0; u < LOW; u++) {
            for (int v = 0; v < LOW; v++) {
                double s = 0;
                for (int y = 0; y < SIDE; y++) {
                    double row = 0;
                    for (int x = 0; x < SIDE; x++) {
                        row += g[y][x] * COS[v][x];
                    }
                    s += row * COS[u][y];
                }
                c[u * LOW + v] = s;
            }
        }
        double[] ac = java.util.Arrays.copyOfRange(c, 1, c.length);
        java.util.Arrays.sort(ac);
        double median = (ac[ac.length / 2 - 1] + ac[ac.length / 2]) / 2;
        long h = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] > median) {
                h |= 1L << i;
            }
        }
        return h;
    }

    /** 1 minus the fraction of differing bits: 1 for equal hashes, about 0.5 for unrelated photos. */
    public static double similarity(long a, long b) {
        return 1 - (double) Long.bitCount(a ^ b) / BITS;
    }

    /** Luminance (BT.601) averaged over equal boxes of the image down to SIDE x SIDE. */
    private static double[][] luminance(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        double[][] sum = new double[SIDE][SIDE];
        double[][] count = new double[SIDE][SIDE];
        int[] line = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, line, 0, w);
            int cy = (int) ((long) y * SIDE / h);
            for (int x = 0; x < w; x++) {
                int p = line[x];
                double l = 0.299 * ((p >> 16) & 255) + 0.587 * ((p >> 8) & 255) + 0.114 * (p & 255);
                int cx = (int) ((long) x * SIDE / w);
                sum[cy][cx] += l;
                count[cy][cx]++;
            }
        }
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                // an image smaller than SIDE leaves empty boxes: they take the mean of their row so far
                sum[y][x] = count[y][x] > 0 ? sum[y][x] / count[y][x] : (x > 0 ? sum[y][x - 1] : 0);
            }
        }
        return sum;
    }
}
