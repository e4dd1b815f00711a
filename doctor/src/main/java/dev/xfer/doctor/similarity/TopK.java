package dev.xfer.doctor.similarity;

import java.util.Arrays;

/** The {@code k} most similar other rows of every row, kept in flat arrays (no object per row or per pair). */
final class TopK {
    private final int k;
    private final int[] idx;
    private final float[] sim;
    /** The slot of each row's least similar kept neighbour, the one a better offer replaces. */
    private final int[] minSlot;

    TopK(int n, int k) {
        this.k = k;
        this.idx = new int[n * k];
        this.sim = new float[n * k];
        this.minSlot = new int[n];
        Arrays.fill(idx, -1);
        Arrays.fill(sim, Float.NEGATIVE_INFINITY);
    }

    void offer(int row, int other, float s) {
        int base = row * k;
        int m = base + minSlot[row];
        if (s <= sim[m]) {
            return;
        }
        sim[m] = s;
        idx[m] = other;
        int worst = 0;
        for (int j = 1; j < k; j++) {
            if (sim[base + j] < sim[base + worst]) {
                worst = j;
            }
        }
        minSlot[row] = worst;
    }

    void addAll(TopK o) {
        for (int i = 0; i < o.idx.length; i++) {
            if (o.idx[i] >= 0) {
                offer(i / k, o.idx[i], o.sim[i]);
            }
        }
    }

    /** Each row's neighbours, most similar first (ties by row index), into {@code outIdx} and {@code outSim}. */
    void sorted(int[] outIdx, float[] outSim) {
        int rows = minSlot.length;
        Integer[] order = new Integer[k];
        for (int r = 0; r < rows; r++) {
            int base = r * k;
            for (int j = 0; j < k; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> {
                int c = Float.compare(sim[base + b], sim[base + a]);
                return c != 0 ? c : Integer.compare(idx[base + a] < 0 ? Integer.MAX_VALUE : idx[base + a],
                        idx[base + b] < 0 ? Integer.MAX_VALUE : idx[base + b]);
            });
            for (int j = 0; j < k; j++) {
                outIdx[base + j] = idx[base + order[j]];
                outSim[base + j] = idx[base + order[j]] < 0 ? Float.NaN : sim[base + order[j]];
            }
        }
    }
}
