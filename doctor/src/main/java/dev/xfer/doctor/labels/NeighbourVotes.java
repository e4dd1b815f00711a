package dev.xfer.doctor.labels;

import dev.xfer.doctor.similarity.CosineScan;

/**
 * A second opinion on a given label that does not come from the head: the share of a photo's nearest photos
 * (from the similarity scan, its own duplicates left out) whose label differs from its own. A flipped photo sits
 * among photos of its true class; a hard but correctly labelled photo, which the head gets wrong, mostly does not.
 * Ranking by the mean of this share and the head's doubt puts photos both doubt first: on the planted pets set with
 * an over-fitted head (out-of-fold accuracy 0.834) precision at 40 goes from 0.70 to 0.93 (bench/RESULTS.md).
 */
public final class NeighbourVotes {
    private NeighbourVotes() {
    }

    /**
     * Per scanned row, the share of its labelled neighbours (group ids {@code group} differing from its own) whose
     * label differs from {@code label[i]}; NaN where it has no such neighbour or no label.
     */
    public static double[] disagreement(CosineScan.Result scan, int[] group, int[] label) {
        int n = scan.neighbours().length / scan.k();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int votes = 0;
            int against = 0;
            for (int j = 0; j < scan.k() && label[i] >= 0; j++) {
                int o = scan.neighbours()[i * scan.k() + j];
                if (o >= 0 && group[o] != group[i] && label[o] >= 0) {
                    votes++;
                    against += label[o] != label[i] ? 1 : 0;
                }
            }
            out[i] = votes == 0 ? Double.NaN : (double) against / votes;
        }
        return out;
    }
}
