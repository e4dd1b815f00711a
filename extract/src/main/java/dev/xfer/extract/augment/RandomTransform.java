package dev.xfer.extract.augment;

import java.util.Random;

/**
 * Draws one image's random transformation and writes it as the 8 numbers TensorFlow's ImageProjectiveTransform
 * takes: a matrix that maps each output pixel (x, y) to the input point it samples. The draws are made in Java
 * from a seeded {@link Random}, so an epoch's augmentation depends only on the seed and the epoch: a resumed
 * run sees the same images as an uninterrupted one.
 */
public final class RandomTransform {
    public static final float[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0};

    private RandomTransform() {
    }

    /** A generator for one (seed, epoch, stream) triple; independent of everything drawn before. */
    public static Random random(long seed, long epoch, long stream) {
        long mixed = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + stream * 0x165667B19E3779F9L;
        return new Random(mixed);
    }

    /** Fills {@code out[offset..offset+8)} with one draw of {@code spec} for a {@code height x width} image. */
    public static void draw(AugmentSpec spec, Random rnd, int height, int width, float[] out, int offset) {
        double theta = Math.toRadians(uniform(rnd, spec.rotation()));
        double tx = uniform(rnd, spec.widthShift()) * (spec.widthShift() < 1 ? width : 1);
        double ty = uniform(rnd, spec.heightShift()) * (spec.heightShift() < 1 ? height : 1);
        double shear = Math.toRadians(uniform(rnd, spec.shear()));
        double zx = spec.zoom() == 0 ? 1 : 1 - spec.zoom() + 2 * spec.zoom() * rnd.nextDouble();
        double zy = spec.zoom() == 0 ? 1 : 1 - spec.zoom() + 2 * spec.zoom() * rnd.nextDouble();
        boolean flipX = spec.horizontalFlip() && rnd.nextBoolean();
        boolean flipY = spec.verticalFlip() && rnd.nextBoolean();
        // Output point -> input point, about the image centre, in Keras' order: rotate, shift, shear, zoom.
        double[][] m = {{Math.cos(theta), -Math.sin(theta), 0}, {Math.sin(theta), Math.cos(theta), 0}, {0, 0, 1}};
        m = mul(m, new double[][] {{1, 0, -tx}, {0, 1, -ty}, {0, 0, 1}});
        m = mul(m, new double[][] {{1, -Math.sin(shear), 0}, {0, Math.cos(shear), 0}, {0, 0, 1}});
        m = mul(m, new double[][] {{zx, 0, 0}, {0, zy, 0}, {0, 0, 1}});
        double cx = width / 2.0 - 0.5;
        double cy = height / 2.0 - 0.5;
        m = mul(mul(new double[][] {{1, 0, cx}, {0, 1, cy}, {0, 0, 1}}, m),
                new double[][] {{1, 0, -cx}, {0, 1, -cy}, {0, 0, 1}});
        // Keras flips after transforming: sample the transformed image at the mirrored point.
        if (flipX) {
            m = mul(m, new double[][] {{-1, 0, width - 1}, {0, 1, 0}, {0, 0, 1}});
        }
        if (flipY) {
            m = mul(m, new double[][] {{1, 0, 0}, {0, -1, height - 1}, {0, 0, 1}});
        }
        out[offset] = (float) m[0][0];
        out[offset + 1] = (float) m[0][1];
        out[offset + 2] = (float) m[0][2];
        out[offset + 3] = (float) m[1][0];
        out[offset + 4] = (float) m[1][1];
        out[offset + 5] = (float) m[1][2];
        out[offset + 6] = 0;
        out[offset + 7] = 0;
    }

    /** {@code count} draws for one batch: stream {@code first + i} gives image {@code i}. */
    public static float[] batch(AugmentSpec spec, long seed, long epoch, long first, int count, int size) {
        float[] t = new float[count * 8];
        for (int i = 0; i < count; i++) {
            draw(spec, random(seed, epoch, first + i), size, size, t, i * 8);
        }
        return t;
    }

    private static double uniform(Random rnd, double range) {
        return range == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * range;
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
