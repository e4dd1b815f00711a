package dev.xfer.head;

import dev.xfer.common.BadInputException;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.SnapshotRef;
import dev.xfer.common.training.Split;
import dev.xfer.common.training.Splits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The split each photo had when a head was trained, keyed by the sha256 of its bytes. Fine-tuning from a head, or
 * scoring it on another snapshot, must not count a photo the head trained on as validation or test: a subset of the
 * head's folder re-split from the seed once put photos the head had trained on into fine-tuning's validation and
 * test sets and reported 0.80 where the head's honest score was 0.62. A photo listed twice in the head's snapshot
 * takes the split that saw most of it (train over val over test).
 *
 * @param snapshot the head's snapshot
 * @param bySha256 the split of every image (not augmented view) of that snapshot
 */
public record TrainedSplit(SnapshotRef snapshot, Map<String, Split> bySha256) {

    public TrainedSplit {
        bySha256 = Map.copyOf(bySha256);
    }

    /**
     * Deals {@code trainedOn}, the snapshot the head of {@code info} was trained on, as training dealt it (its split
     * column, else the seed and fractions in head.json).
     */
    public static TrainedSplit of(HeadBundle.Info info, FeatureTable trainedOn) {
        SnapshotRef own = info.snapshot();
        if (own == null || own.id() == null || !own.id().equals(trainedOn.source().id())) {
            throw new IllegalArgumentException(trainedOn.source().describe() + " is not the head's snapshot");
        }
        if (info.split() == null) {
            throw new BadInputException("head.json of this head records no split: train it again with xfer head train");
        }
        HeadTraining.SplitInfo s = info.split();
        HeadTraining.SplitRows rows = HeadTraining.split(trainedOn, s.val(), s.test(), s.seed());
        Map<String, Split> m = new HashMap<>();
        // later puts win: train is put last, so a photo any training row used counts as trained on
        for (Map.Entry<Split, int[]> e : List.of(Map.entry(Split.TEST, rows.test()), Map.entry(Split.VAL, rows.val()),
                Map.entry(Split.TRAIN, rows.train()))) {
            for (int r : e.getValue()) {
                if (trainedOn.views()[r] == 0) {
                    m.put(trainedOn.sha256().get(r), e.getKey());
                }
            }
        }
        return new TrainedSplit(own, m);
    }

    /**
     * The split of the head described by {@code info}, from its snapshot in {@code catalog}; empty when head.json names
     * no snapshot or split (xfer 0.1 bundles) or the catalog does not hold it (another cache).
     */
    public static Optional<TrainedSplit> lookUp(HeadBundle.Info info, Catalog catalog) throws IOException {
        SnapshotRef own = info.snapshot();
        if (own == null || own.id() == null || info.split() == null) {
            return Optional.empty();
        }
        Catalog.Found found;
        try {
            found = catalog.resolve(own.id());
        } catch (BadInputException notThere) {
            return Optional.empty();
        }
        return Optional.of(of(info, found.rows()));
    }

    /** The split the photo with these bytes had, or null when the head never saw it. */
    public Split splitOf(String sha256) {
        return bySha256.get(sha256);
    }

    /**
     * Splits of a set of photos: the ones the head saw keep their split, the new ones are dealt as they would have
     * been alone (their folders' splits when the data has split folders, else seeded stratified fractions).
     *
     * @param kept  photos per split (train, val, test) that kept the head's split
     * @param fresh new photos per split
     */
    public record Dealt(Split[] split, String source, int[] kept, int[] fresh) {
        /** One line for people: how many photos kept the head's split and how many were dealt. */
        public String describe() {
            return String.format(Locale.ROOT, "%d photos kept the split they had in the head's snapshot (train %d, "
                    + "val %d, test %d); %d new to the head were dealt (train %d, val %d, test %d)",
                    Arrays.stream(kept).sum(), kept[0], kept[1], kept[2], Arrays.stream(fresh).sum(), fresh[0],
                    fresh[1], fresh[2]);
        }
    }

    /**
     * Deals photos with bytes {@code sha256}, labels {@code y} and folder splits {@code folders} (null entries
     * where the data has none).
     */
    public Dealt deal(List<String> sha256, List<Split> folders, int[] y, int classes, double val, double test,
                      long seed) {
        int n = sha256.size();
        Split[] out = new Split[n];
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out[i] = splitOf(sha256.get(i));
            if (out[i] == null) {
                fresh.add(i);
            }
        }
        String source = "head snapshot " + snapshot.shortId() + " by sha256";
        if (!fresh.isEmpty()) {
            int[] fy = fresh.stream().mapToInt(i -> y[i]).toArray();
            Splits.Dealt d = Splits.deal(fresh.stream().map(folders::get).toList(), fy, classes, val, test, seed,
                    "dataset folders");
            for (int j = 0; j < fresh.size(); j++) {
                out[fresh.get(j)] = d.split()[j];
            }
            source = fresh.size() == n ? d.source() : source + ", new photos " + d.source();
        }
        int[] keptCounts = new int[3];
        int[] freshCounts = new int[3];
        java.util.Set<Integer> isFresh = new java.util.HashSet<>(fresh);
        for (int i = 0; i < n; i++) {
            (isFresh.contains(i) ? freshCounts : keptCounts)[out[i].ordinal()]++;
        }
        return new Dealt(out, source, keptCounts, freshCounts);
    }
}
