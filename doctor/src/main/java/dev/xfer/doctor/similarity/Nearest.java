package dev.xfer.doctor.similarity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** {@code xfer similar}: the photos of a snapshot nearest to a query vector by cosine (one exact pass). */
public final class Nearest {

    /** A photo of the snapshot and its cosine to the query. */
    public record Match(@JsonProperty("path") String path, @JsonProperty("label") String label,
                        @JsonProperty("split") String split, @JsonProperty("similarity") double similarity,
                        @JsonIgnore int row) {
    }

    private Nearest() {
    }

    /** The {@code k} images (view 0) of {@code t} most similar to {@code query}, best first; {@code skip} row left out. */
    public static List<Match> of(FeatureTable t, float[] query, int k, int skip) {
        int d = t.dim();
        double qn = 0;
        for (float v : query) {
            qn += (double) v * v;
        }
        double qInv = qn > 0 ? 1 / Math.sqrt(qn) : 0;
        PriorityQueue<double[]> best = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        float[] x = t.features();
        for (int r = 0; r < t.rows(); r++) {
            if (r == skip || t.views()[r] != 0) {
                continue;
            }
            double dot = 0;
            double nn = 0;
            for (int j = 0; j < d; j++) {
                float v = x[r * d + j];
                dot += (double) v * query[j];
                nn += (double) v * v;
            }
            double s = nn > 0 ? dot * qInv / Math.sqrt(nn) : 0;
            if (best.size() < k) {
                best.add(new double[] {s, r});
            } else if (s > best.peek()[0]) {
                best.poll();
                best.add(new double[] {s, r});
            }
        }
        List<Match> out = new ArrayList<>();
        while (!best.isEmpty()) {
            double[] e = best.poll();
            int r = (int) e[1];
            out.addFirst(new Match(t.paths().get(r), t.labels()[r] < 0 ? null : t.classes().get(t.labels()[r]),
                    Split.labelOf(t.splits().get(r)), Math.round(e[0] * 1e4) / 1e4, r));
        }
        return out;
    }
}
