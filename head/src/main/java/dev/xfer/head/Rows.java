package dev.xfer.head;

import dev.xfer.common.store.FeatureTable;

/** A subset of a cache's labelled rows: features row-major, labels as class indices. */
public record Rows(float[] x, int[] y, int dim) {

    public int count() {
        return y.length;
    }

    /** The rows {@code idx} of {@code t} (all labelled). */
    public static Rows of(FeatureTable t, int[] idx) {
        int d = t.dim();
        float[] x = new float[idx.length * d];
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(t.features(), idx[i] * d, x, i * d, d);
            y[i] = t.labels()[idx[i]];
        }
        return new Rows(x, y, d);
    }
}
