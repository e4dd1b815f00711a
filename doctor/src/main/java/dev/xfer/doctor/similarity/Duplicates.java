package dev.xfer.doctor.similarity;

import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups rows into duplicate groups. Two photos are duplicates when their files have the same sha256, or when
 * their features are at or above the cosine threshold and a second, independent signal agrees: the perceptual
 * hashes of the photos ({@link PhotoHash}) at or above the hash threshold. Where a photo cannot be read (imported
 * features, a moved dataset) its pairs rest on the features alone. Groups are formed by complete linkage: pairs
 * are taken most similar first, and two groups merge only when every photo of one is a duplicate of every photo
 * of the other, so a group is a set of mutual duplicates, never a chain of look-alikes.
 */
public final class Duplicates {
    private Duplicates() {
    }

    /**
     * A table's duplicate groups, the scan they came from (its neighbours serve the outliers) and how the
     * candidates were confirmed.
     */
    public record Found(List<DuplicateGroup> groups, int[] rows, CosineScan.Result scan, Confirmation confirmation) {
    }

    /**
     * Features only (no photos consulted): what the scale benchmark measures.
     */
    public static Found find(FeatureTable t, double threshold, int neighbours, int threads, Progress progress)
            throws Exception {
        return find(t, DuplicateRule.atCosine(threshold), null, neighbours, threads, progress);
    }

    /**
     * Scans the images of {@code t} (augmented views left out) and groups them: what {@code xfer doctor} reports and
     * what {@code xfer head compare --group-duplicates} keeps in one fold. Photos are read under {@code root} (null:
     * none, the features alone decide) for the perceptual hash of every photo in a candidate pair.
     */
    public static Found find(FeatureTable t, DuplicateRule rule, Path root, int neighbours, int threads,
                             Progress progress) throws Exception {
        double threshold = rule.scanThreshold();
        int[] rows = java.util.stream.IntStream.range(0, t.rows()).filter(i -> t.views()[i] == 0).toArray();
        float[] unit = UnitRows.of(t.features(), t.dim(), rows);
        CosineScan.Result scan = CosineScan.scan(unit, rows.length, t.dim(), neighbours, threshold, threads, progress);
        Long[] hash = new Long[rows.length];
        int[] tried = {0, 0};
        if (root != null) {
            Set<Integer> wanted = new HashSet<>();
            for (CosineScan.Pair p : scan.pairs()) {
                if (!t.sha256().get(rows[p.a()]).equals(t.sha256().get(rows[p.b()]))) {
                    wanted.add(p.a());
                    wanted.add(p.b());
                }
            }
            wanted.parallelStream().forEach(i -> hash[i] = PhotoHash.of(root.resolve(t.paths().get(rows[i]))));
            tried[0] = wanted.size();
            tried[1] = (int) wanted.stream().filter(i -> hash[i] == null).count();
        }
        Linkage l = group(t, rows, scan.pairs(), hash, rule);
        Confirmation c = root == null ? Confirmation.featuresOnly(rule, "no photos at hand for these features")
                : Confirmation.hashed(rule, root, tried[0], tried[1], l.rejected());
        return new Found(l.groups(), rows, scan, c);
    }

    /** The groups and how many candidate pairs the rule turned down. */
    public record Linkage(List<DuplicateGroup> groups, int rejected) {
    }

    /**
     * The groups of two or more among {@code rows} (table row indices) from the scan's {@code pairs}, which index
     * into {@code rows}; {@code hash} per position, null where unknown. Largest groups first, then by first path.
     */
    public static Linkage group(FeatureTable t, int[] rows, List<CosineScan.Pair> pairs, Long[] hash,
                                DuplicateRule rule) {
        int n = rows.length;
        Map<Long, Edge> edges = new HashMap<>();
        Map<String, List<Integer>> bySha = new HashMap<>();
        for (int i = 0; i < n; i++) {
            bySha.computeIfAbsent(t.sha256().get(rows[i]), s -> new ArrayList<>()).add(i);
        }
        for (List<Integer> same : bySha.values()) {
            for (int a = 0; a < same.size(); a++) {
                for (int b = a + 1; b < same.size(); b++) {
                    edges.put(key(same.get(a), same.get(b), n), new Edge(same.get(a), same.get(b), 1, 1.0, true));
                }
            }
        }
        int rejected = 0;
        for (CosineScan.Pair p : pairs) {
            long k = key(p.a(), p.b(), n);
            if (edges.containsKey(k)) {
                continue;
            }
            Double h = hash[p.a()] == null || hash[p.b()] == null ? null
                    : PhotoHash.similarity(hash[p.a()], hash[p.b()]);
            if (!rule.accepts(p.similarity(), h)) {
                rejected++;
                continue;
            }
            edges.put(k, new Edge(p.a(), p.b(), p.similarity(), h, false));
        }
        List<Edge> order = new ArrayList<>(edges.values());
        order.sort(Comparator.comparing((Edge e) -> !e.exact()).thenComparingDouble(e -> -e.cosine())
                .thenComparingInt(Edge::a).thenComparingInt(Edge::b));
        int[] cluster = new int[n];
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            cluster[i] = i;
        }
        for (Edge e : order) {
            int ca = cluster[e.a()];
            int cb = cluster[e.b()];
            if (ca == cb) {
                continue;
            }
            List<Integer> ma = members.getOrDefault(ca, List.of(e.a()));
            List<Integer> mb = members.getOrDefault(cb, List.of(e.b()));
            if (!allLinked(ma, mb, edges, n)) {
                continue;
            }
            List<Integer> merged = new ArrayList<>(ma);
            merged.addAll(mb);
            int into = Math.min(ca, cb);
            members.remove(ca);
            members.remove(cb);
            members.put(into, merged);
            for (int m : merged) {
                cluster[m] = into;
            }
        }
        List<DuplicateGroup> groups = new ArrayList<>();
        for (List<Integer> m : members.values()) {
            groups.add(describe(t, rows, m, edges, n));
        }
        groups.sort(Comparator.comparingInt((DuplicateGroup g) -> -g.paths().size())
                .thenComparing(g -> g.paths().getFirst()));
        return new Linkage(groups, rejected);
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

    /** A confirmed pair: feature cosine, hash similarity (null: a photo unreadable), same bytes. */
    private record Edge(int a, int b, double cosine, Double hash, boolean exact) {
    }

    private static long key(int a, int b, int n) {
        return (long) Math.min(a, b) * n + Math.max(a, b);
    }

    private static boolean allLinked(List<Integer> a, List<Integer> b, Map<Long, Edge> edges, int n) {
        for (int x : a) {
            for (int y : b) {
                if (!edges.containsKey(key(x, y, n))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static DuplicateGroup describe(FeatureTable t, int[] rows, List<Integer> m, Map<Long, Edge> edges, int n) {
        m.sort(Comparator.comparing(i -> t.paths().get(rows[i])));
        double min = 1;
        double minHash = 1;
        boolean hashed = true;
        int identical = 0;
        for (int a = 0; a < m.size(); a++) {
            for (int b = a + 1; b < m.size(); b++) {
                Edge e = edges.get(key(m.get(a), m.get(b), n));
                min = Math.min(min, e.cosine());
                identical += e.exact() ? 1 : 0;
                if (e.hash() == null) {
                    hashed = false;
                } else {
                    minHash = Math.min(minHash, e.hash());
                }
            }
        }
        int pairs = m.size() * (m.size() - 1) / 2;
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
        DuplicateGroup.Basis basis = identical == pairs ? DuplicateGroup.Basis.SHA256
                : hashed ? DuplicateGroup.Basis.PERCEPTUAL_HASH : DuplicateGroup.Basis.FEATURES;
        return new DuplicateGroup(paths, splits, labels, Math.round(min * 1e4) / 1e4, identical == pairs,
                hashed ? Math.round(minHash * 1e4) / 1e4 : null, identical, basis, tableRows);
    }
}
