package dev.xfer.common.training;

import dev.xfer.common.BadInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which rows train, validate and test. From the snapshot's split column when the data had
 * {@code train/ val/ test/} folders; otherwise a seeded split stratified by class, so the same seed and
 * fractions give the same rows again (the seed and fractions are saved with the head).
 */
public final class Splits {
    /** A split per row and where it came from. */
    public record Dealt(Split[] split, String source) {
    }

    private Splits() {
    }

    /**
     * The rows' own splits when {@code column} has them (then the source is {@code columnSource}), else a seeded
     * stratified split of the labels {@code y} (source {@code stratified}). Phase two and fine-tuning both deal
     * here, so the same images and seed give both the same validation set.
     */
    public static Dealt deal(List<Split> column, int[] y, int classes, double val, double test, long seed,
                             String columnSource) {
        Split[] s = fromColumn(column);
        return s != null ? new Dealt(s, columnSource) : new Dealt(stratified(y, classes, val, test, seed), "stratified");
    }

    /** The split column, or null when it has none (or only one kind), so a seeded split is dealt instead. */
    public static Split[] fromColumn(List<Split> splits) {
        Split[] s = new Split[splits.size()];
        boolean any = false;
        for (int i = 0; i < s.length; i++) {
            s[i] = splits.get(i);
            if (s[i] == null) {
                return null;
            }
            any |= s[i] != Split.TRAIN;
        }
        return any ? s : null;
    }

    /** A seeded stratified split: within each class, {@code val} and {@code test} fractions go aside. */
    public static Split[] stratified(int[] y, int classes, double val, double test, long seed) {
        if (val < 0 || test < 0 || val + test >= 1) {
            throw new BadInputException("--val " + val + " --test " + test + ": fractions must be >= 0 and sum "
                    + "to less than 1");
        }
        Split[] s = new Split[y.length];
        Random rnd = new Random(seed);
        for (int c = 0; c < classes; c++) {
            List<Integer> rows = rowsOf(y, c);
            Collections.shuffle(rows, rnd);
            int nVal = (int) Math.round(rows.size() * val);
            int nTest = (int) Math.round(rows.size() * test);
            for (int i = 0; i < rows.size(); i++) {
                s[rows.get(i)] = i < nVal ? Split.VAL : i < nVal + nTest ? Split.TEST : Split.TRAIN;
            }
        }
        return s;
    }

    /** Seeded stratified k folds: fold index per row, each class dealt round-robin after a shuffle. */
    public static int[] folds(int[] y, int classes, int k, long seed) {
        if (k < 2) {
            throw new BadInputException("--cv " + k + ": use at least 2 folds");
        }
        int[] fold = new int[y.length];
        Random rnd = new Random(seed);
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> rows = rowsOf(y, c);
            if (!rows.isEmpty() && rows.size() < k) {
                throw new BadInputException("--cv " + k + ": a class has only " + rows.size() + " images; use "
                        + "fewer folds");
            }
            Collections.shuffle(rows, rnd);
            for (int r : rows) {
                fold[r] = next++ % k;
            }
        }
        return fold;
    }

    /**
     * Seeded stratified k folds that keep every group in one fold: {@code group[i]} names row i's group (rows of a
     * duplicate group share one). Groups are dealt like rows in {@link #folds}, by the label of their first row,
     * so when every group is a single row the folds are exactly those of {@link #folds}.
     */
    public static int[] groupedFolds(int[] y, int[] group, int classes, int k, long seed) {
        if (k < 2) {
            throw new BadInputException("--cv " + k + ": use at least 2 folds");
        }
        java.util.Map<Integer, List<Integer>> members = new java.util.LinkedHashMap<>();
        for (int i = 0; i < y.length; i++) {
            members.computeIfAbsent(group[i], g -> new ArrayList<>()).add(i);
        }
        int[] fold = new int[y.length];
        Random rnd = new Random(seed);
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<List<Integer>> groups = new ArrayList<>();
            for (List<Integer> m : members.values()) {
                if (y[m.getFirst()] == c) {
                    groups.add(m);
                }
            }
            if (!groups.isEmpty() && groups.size() < k) {
                throw new BadInputException("--cv " + k + ": a class has only " + groups.size() + " images (or "
                        + "groups of duplicates); use fewer folds");
            }
            Collections.shuffle(groups, rnd);
            for (List<Integer> g : groups) {
                int f = next++ % k;
                for (int r : g) {
                    fold[r] = f;
                }
            }
        }
        return fold;
    }

    /** Row indices whose {@code split[i] == which}. */
    public static int[] select(Split[] split, Split which) {
        return java.util.stream.IntStream.range(0, split.length).filter(i -> split[i] == which).toArray();
    }

    private static List<Integer> rowsOf(int[] y, int c) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (y[i] == c) {
                rows.add(i);
            }
        }
        return rows;
    }
}
