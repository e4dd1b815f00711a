package dev.xfer.doctor.similarity;

import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Groups rows into duplicate groups: same sha256, or a pair at or above the threshold, joined transitively. */
public final class Duplicates {
    private Duplicates() {
    }

    /** A table's duplicate groups and the scan they came from (its neighbours serve the outliers). */
    public record Found(List<DuplicateGroup> groups, int[] rows, CosineScan.Result scan) {
    }

    /**
     * Scans the images of {@code t} (augmented views left out) and groups them: what {@code xfer doctor} reports and
     * what {@code xfer head compare --group-duplicates} keeps in one fold.
     */
    public static Found find(FeatureTable t, double threshold, int neighbours, int threads, Progress progress)
            throws Exception {
        int[] rows = java.util.stream.IntStream.range(0, t.rows()).filter(i -> t.views()[i] == 0).toArray();
        float[] unit = UnitRows.of(t.features(), t.dim(), rows);
        CosineScan.Result scan = CosineScan.scan(unit, rows.length, t.dim(), neighbours, threshold, threads, progress);
        return new Found(group(t, rows, unit, scan.pairs()), rows, scan);
    }

    /**
     * The groups of two or more among {@code rows} (table row indices; {@code unit} holds them prepared, in the
     * same order) from the scan's {@code pairs}, which index into {@code rows}. Largest groups first, then by
     * first path.
     */
    public static List<DuplicateGroup> group(FeatureTable t, int[] rows, float[] unit, List<CosineScan.Pair> pairs) {
        int n = rows.length;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstWithSha = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Integer other = firstWithSha.putIfAbsent(t.sha256().get(rows[i]), i);
            if (other != null) {
                union(parent, other, i);
            }
        }
        for (CosineScan.Pair p : pairs) {
            union(parent, p.a(), p.b());
        }
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            members.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(i);
        }
        List<DuplicateGroup> groups = new ArrayList<>();
        for (List<Integer> m : members.values()) {
            if (m.size() > 1) {
                groups.add(describe(t, rows, unit, m));
            }
        }
        groups.sort(Comparator.comparingInt((DuplicateGroup g) -> -g.paths().size())
                .thenComparing(g -> g.paths().getFirst()));
        return groups;
    }

    /** A group id per table row: rows of one duplicate group share one, every other row has its own. */
    public static int[] groupIds(int tableRows, List<DuplicateGroup> groups) {
        int[] id = new int[tableRows];
        for (int i = 0; i < tableRows; i++) {
            id[i] = i;
        }
        for (DuplicateGroup g : groups) {
            int first = Arrays.stream(g.rows()).min().orElseThrow();
            for (int r : g.rows()) {
                id[r] = first;
            }
        }
        return id;
    }

    private static DuplicateGroup describe(FeatureTable t, int[] rows, float[] unit, List<Integer> m) {
        m.sort(Comparator.comparing(i -> t.paths().get(rows[i])));
        int d = t.dim();
        double min = 1;
        boolean exact = true;
        String sha = t.sha256().get(rows[m.getFirst()]);
        for (int a = 0; a < m.size(); a++) {
            exact &= t.sha256().get(rows[m.get(a)]).equals(sha);
            for (int b = a + 1; b < m.size(); b++) {
                boolean same = t.sha256().get(rows[m.get(a)]).equals(t.sha256().get(rows[m.get(b)]));
                min = Math.min(min, same ? 1 : UnitRows.dot(unit, d, m.get(a), m.get(b)));
            }
        }
        List<String> paths = new ArrayList<>();
        List<String> splits = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int[] tableRows = new int[m.size()];
        for (int i = 0; i < m.size(); i++) {
            int r = rows[m.get(i)];
            tableRows[i] = r;
            paths.add(t.paths().get(r));
            splits.add(Split.labelOf(t.splits().get(r)));
            labels.add(t.labels()[r] < 0 ? null : t.classes().get(t.labels()[r]));
        }
        return new DuplicateGroup(paths, splits, labels, Math.round(min * 1e4) / 1e4, exact, tableRows);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
