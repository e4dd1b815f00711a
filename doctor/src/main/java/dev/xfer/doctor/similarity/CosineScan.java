package dev.xfer.doctor.similarity;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exact all-pairs cosine similarity of unit rows, one tile of rows by a tile of columns at a time, so memory
 * stays at the matrix plus a tile or two per worker whatever the number of rows: each row keeps its {@code k}
 * nearest neighbours, and every pair at or above {@code threshold} is kept. Only tiles on or above the diagonal
 * are computed (the product is symmetric). Tiles are {@code sgemm} calls on the machine's BLAS when one loads
 * ({@link BlasProducts}, which threads inside, so one worker feeds it), else a plain Java loop on
 * {@code threads} workers. Work grows as n squared times the dimension; memory as n times the dimension.
 */
public final class CosineScan {
    static final int TILE = 128;
    /** Tile side on BLAS: large enough for sgemm to run near its peak, small enough to keep tiles in cache. */
    static final int BLAS_TILE = 1024;
    /** Pairs kept at most per row on average before the threshold is called too low for the data. */
    static final int MAX_PAIRS_PER_ROW = 50;

    /** The scan's result: {@code neighbours} of row i at {@code i * k .. i * k + k - 1}, most similar first. */
    public record Result(int k, int[] neighbours, float[] similarity, List<Pair> pairs) {
    }

    /** Two rows, {@code a < b}, at or above the threshold. */
    public record Pair(int a, int b, float similarity) {
    }

    private CosineScan() {
    }

    /**
     * Scans {@code n} unit rows of length {@code d} in {@code x} (row-major) with {@code threads} workers. A row
     * that has fewer than {@code k} other rows leaves -1 in its remaining neighbour slots.
     */
    public static Result scan(float[] x, int n, int d, int k, double threshold, int threads, Progress progress)
            throws Exception {
        if (!BlasProducts.available()) {
            return scan(x, n, d, k, threshold, threads, progress, null);
        }
        try (BlasProducts blas = new BlasProducts(x, d)) {
            return scan(x, n, d, k, threshold, 1, progress, blas);
        }
    }

    /** With {@code blas} null, the plain Java loop (also what the tests compare BLAS against). */
    static Result scan(float[] x, int n, int d, int k, double threshold, int threads, Progress progress,
                       BlasProducts blas) throws Exception {
        int side = blas != null ? BLAS_TILE : TILE;
        int tiles = (n + side - 1) / side;
        int tasks = tiles * (tiles + 1) / 2;
        int[][] order = new int[tasks][];
        int t = 0;
        for (int i = 0; i < tiles; i++) {
            for (int j = i; j < tiles; j++) {
                order[t++] = new int[] {i, j};
            }
        }
        AtomicInteger next = new AtomicInteger();
        long maxPairs = (long) MAX_PAIRS_PER_ROW * Math.max(n, 100);
        int workers = Math.max(1, Math.min(threads, tasks));
        progress.start("similarity", tasks);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Worker>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    Worker worker = new Worker(x, n, d, k, (float) threshold, side, blas);
                    for (int task; (task = next.getAndIncrement()) < tasks; ) {
                        worker.tile(order[task][0], order[task][1]);
                        progress.advance(1);
                        if (worker.pairCount > maxPairs / workers) {
                            throw new BadInputException("more than " + maxPairs + " pairs at cosine >= " + threshold
                                    + ": the threshold is too low for these features; raise --threshold");
                        }
                    }
                    return worker;
                }));
            }
            List<Worker> done = new ArrayList<>();
            for (Future<Worker> f : futures) {
                try {
                    done.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof BadInputException b) {
                        throw b;
                    }
                    throw e;
                }
            }
            return merge(done, n, k);
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }

    private static Result merge(List<Worker> workers, int n, int k) {
        TopK all = new TopK(n, k);
        List<Pair> pairs = new ArrayList<>();
        for (Worker w : workers) {
            all.addAll(w.top);
            for (int i = 0; i < w.pairCount; i++) {
                pairs.add(new Pair(w.pairA[i], w.pairB[i], w.pairSim[i]));
            }
        }
        pairs.sort((p, q) -> p.a() != q.a() ? Integer.compare(p.a(), q.a()) : Integer.compare(p.b(), q.b()));
        int[] idx = new int[n * k];
        float[] sim = new float[n * k];
        all.sorted(idx, sim);
        return new Result(k, idx, sim, pairs);
    }

    /** One thread's state: its own neighbour lists and pairs, merged at the end (no locks in the loop). */
    private static final class Worker {
        final float[] x;
        final int n;
        final int d;
        final float threshold;
        final TopK top;
        final int side;
        final BlasProducts blas;
        final java.lang.foreign.MemorySegment buffer;
        final float[] prod;
        final float[] tile;
        final float[] c0 = new float[TILE];
        final float[] c1 = new float[TILE];
        final float[] c2 = new float[TILE];
        final float[] c3 = new float[TILE];
        int[] pairA = new int[1024];
        int[] pairB = new int[1024];
        float[] pairSim = new float[1024];
        int pairCount;

        Worker(float[] x, int n, int d, int k, float threshold, int side, BlasProducts blas) {
            this.x = x;
            this.n = n;
            this.d = d;
            this.threshold = threshold;
            this.top = new TopK(n, k);
            this.side = side;
            this.blas = blas;
            this.buffer = blas == null ? null : blas.buffer(side, side);
            this.prod = blas == null ? null : new float[side * side];
            this.tile = blas == null ? new float[d * TILE] : null;
        }

        void tile(int ti, int tj) {
            if (blas != null) {
                int i0 = ti * side;
                int j0 = tj * side;
                int h = Math.min(side, n - i0);
                int w = Math.min(side, n - j0);
                blas.product(i0, h, j0, w, buffer, prod);
                for (int i = 0; i < h; i++) {
                    emit(i0 + i, prod, i * w, j0, w);
                }
                return;
            }
            int j0 = tj * TILE;
            int w = Math.min(TILE, n - j0);
            for (int j = 0; j < w; j++) {
                int src = (j0 + j) * d;
                for (int kk = 0; kk < d; kk++) {
                    tile[kk * w + j] = x[src + kk];
                }
            }
            int i0 = ti * TILE;
            int iEnd = Math.min(n, i0 + TILE);
            for (int i = i0; i < iEnd; i += 4) {
                int rows = Math.min(4, iEnd - i);
                products(i, rows, w);
                emit(i, c0, 0, j0, w);
                if (rows > 1) {
                    emit(i + 1, c1, 0, j0, w);
                }
                if (rows > 2) {
                    emit(i + 2, c2, 0, j0, w);
                }
                if (rows > 3) {
                    emit(i + 3, c3, 0, j0, w);
                }
            }
        }

        /** Dot products of rows i..i+rows-1 with the tile's {@code w} columns (missing rows read row i again). */
        private void products(int i, int rows, int w) {
            Arrays.fill(c0, 0, w, 0f);
            Arrays.fill(c1, 0, w, 0f);
            Arrays.fill(c2, 0, w, 0f);
            Arrays.fill(c3, 0, w, 0f);
            int r0 = i * d;
            int r1 = (rows > 1 ? i + 1 : i) * d;
            int r2 = (rows > 2 ? i + 2 : i) * d;
            int r3 = (rows > 3 ? i + 3 : i) * d;
            kernel(x, tile, d, w, r0, r1, r2, r3, c0, c1, c2, c3);
        }

        /** The hot loop, static with every array a local so the JIT can vectorise the inner loop. */
        private static void kernel(float[] x, float[] t, int d, int w, int r0, int r1, int r2, int r3, float[] c0,
                                   float[] c1, float[] c2, float[] c3) {
            for (int kk = 0; kk < d; kk++) {
                float a0 = x[r0 + kk];
                float a1 = x[r1 + kk];
                float a2 = x[r2 + kk];
                float a3 = x[r3 + kk];
                int o = kk * w;
                for (int j = 0; j < w; j++) {
                    float v = t[o + j];
                    c0[j] += a0 * v;
                    c1[j] += a1 * v;
                    c2[j] += a2 * v;
                    c3[j] += a3 * v;
                }
            }
        }

        /** Offers row i's products {@code c[off .. off + w)} with columns j0.. to both rows' neighbours. */
        private void emit(int i, float[] c, int off, int j0, int w) {
            for (int j = Math.max(0, i + 1 - j0); j < w; j++) {
                int col = j0 + j;
                float s = c[off + j];
                top.offer(i, col, s);
                top.offer(col, i, s);
                if (s >= threshold) {
                    addPair(i, col, s);
                }
            }
        }

        private void addPair(int a, int b, float s) {
            if (pairCount == pairA.length) {
                pairA = Arrays.copyOf(pairA, pairCount * 2);
                pairB = Arrays.copyOf(pairB, pairCount * 2);
                pairSim = Arrays.copyOf(pairSim, pairCount * 2);
            }
            pairA[pairCount] = a;
            pairB[pairCount] = b;
            pairSim[pairCount++] = s;
        }
    }
}
