package dev.xfer.doctor.similarity;

/**
 * Rows prepared for cosine similarity: scaled to unit length, so a dot product is the cosine. Raw, not centred on
 * the column means: on the planted pets set raw cosines separate re-encoded copies from distinct photos with a
 * margin of +0.044, centred ones overlapped by 0.024 (bench/RESULTS.md).
 */
public final class UnitRows {
    private UnitRows() {
    }

    /** A new matrix of {@code rows} rows picked from {@code x} (row-major, length {@code d}), prepared. */
    public static float[] of(float[] x, int d, int[] rows) {
        int n = rows.length;
        float[] out = new float[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            int src = rows[i] * d;
            int dst = i * d;
            double ss = 0;
            for (int k = 0; k < d; k++) {
                float v = x[src + k];
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
