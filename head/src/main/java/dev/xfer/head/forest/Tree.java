package dev.xfer.head.forest;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One fitted tree as parallel arrays: node {@code i} splits on {@code feature[i] <= threshold[i]} going to
 * {@code left[i]}, else {@code right[i]}; a leaf has feature -1 and its class shares in {@code value[i]}.
 */
record Tree(@JsonProperty("feature") int[] feature, @JsonProperty("threshold") float[] threshold,
            @JsonProperty("left") int[] left, @JsonProperty("right") int[] right,
            @JsonProperty("value") float[][] value) {

    Tree {
        int n = feature.length;
        if (threshold.length != n || left.length != n || right.length != n || value.length != n || n == 0) {
            throw new IllegalArgumentException("a tree's arrays differ in length");
        }
        for (int i = 0; i < n; i++) {
            boolean leaf = feature[i] < 0;
            if (!leaf && (left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n)
                    || leaf && value[i] == null) {
                // children always come after their parent, so a walk always ends
                throw new IllegalArgumentException("node " + i + " of a tree points outside it");
            }
        }
    }

    /** Adds this tree's class shares for row {@code row} of {@code x} to {@code p}. */
    void addTo(float[] x, int row, int dim, double[] p) {
        int node = 0;
        int base = row * dim;
        while (feature[node] >= 0) {
            node = x[base + feature[node]] <= threshold[node] ? left[node] : right[node];
        }
        float[] v = value[node];
        for (int c = 0; c < v.length; c++) {
            p[c] += v[c];
        }
    }

    int maxFeature() {
        int m = -1;
        for (int f : feature) {
            m = Math.max(m, f);
        }
        return m;
    }
}
