package dev.xfer.doctor.similarity;

/**
 * Rows prepared for cosine similarity: optionally centred on the column means, then scaled to unit length, so a
 * dot product is the cosine. Doctor uses raw (uncentred) cosines: on the planted pets set they separate
 * re-encoded copies from distinct photos with a margin of +0.044, centred ones overlap by 0.024
 * (bench/RESULTS.md).
 */
public final class UnitRows {
    private UnitRows() {
    }

    /** A new matrix of {@code rows} rows picked from {@code x} (row-major, length {@code d}), prepared. */
    public static float[] of(float[] x, int d, int[] rows, boolean centre) {
        int n = rows.length;
        double[] mean = new double[d];
        if (centre) {
            for (int r : rows) {
                for (int k = 0; k < d; k++) {
                    mean[k] += x[r * d + k];
                }
            }
            for (int k = 0; k < d; k++) {
                mean[k] /= Math.max(1, n);
            }
        }
        float[] out = new float[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            int src = rows[i] * d;
            int dst = i * d;
            double ss = 0;
            for (int k = 0; k < d; k++) {
                float v = (float) (x[src + k] - mean[k]);
                out[dst + k] = v;
                ss += (double) v * v;
            }
            // an all-zero row (a blank photo) stays zero: similar to nothing rather than NaN to everything
            float inv = ss > 0 ? (float) (1 / Math.sqrt(ss)) : 0f;
            for (int k = 0; k < d; k++) {
                out[dst + k] *= inv;
            }
        }
        return out;
    }

    /** Cosine of prepared rows {@code a} and {@code b}. */
    public static double dot(float[] u, int d, int a, int b) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            s += (double) u[a * d + k] * u[b * d + k];
        }
        return s;
    }
}
