package dev.xfer.doctor.similarity;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import smile.linalg.blas.cblas_h;

/**
 * Tile products on the machine's BLAS (OpenBLAS through Smile's FFM bindings): the unit rows are copied off-heap
 * once, and each tile is one {@code sgemm} of a row block by a transposed column block. About 20 times the
 * plain Java loop on the machine it was measured on (bench/RESULTS.md); {@link #available} is false where no
 * BLAS library loads, and the scan falls back to Java.
 */
final class BlasProducts implements AutoCloseable {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static volatile Boolean available;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment x;
    private final int d;

    BlasProducts(float[] unit, int d) {
        this.d = d;
        this.x = arena.allocate((long) unit.length * Float.BYTES, 64);
        MemorySegment.copy(unit, 0, x, ValueLayout.JAVA_FLOAT, 0, unit.length);
    }

    /** Whether a BLAS library loads (tried once: a tiny product checked against its known value). */
    static boolean available() {
        if (available == null) {
            synchronized (BlasProducts.class) {
                if (available == null) {
                    available = probe();
                }
            }
        }
        return available;
    }

    private static boolean probe() {
        if (Boolean.getBoolean("xfer.doctor.noBlas")) {
            return false;
        }
        try (BlasProducts p = new BlasProducts(new float[] {1, 2, 3, 4}, 2)) {
            float[] c = new float[4];
            MemorySegment out = p.arena.allocate(16, 64);
            p.product(0, 2, 0, 2, out, c);
            return c[0] == 5 && c[1] == 11 && c[3] == 25;
        } catch (Throwable e) {
            // no libopenblas (or no native access): the Java loop does the same work, slower
            return false;
        }
    }

    /** A per-thread buffer for one tile's products. */
    MemorySegment buffer(int rows, int cols) {
        return arena.allocate((long) rows * cols * Float.BYTES, 64);
    }

    /** {@code c[i * w + j]} = row (i0 + i) . row (j0 + j) for {@code h} rows and {@code w} columns. */
    void product(int i0, int h, int j0, int w, MemorySegment buffer, float[] c) {
        long stride = (long) d * Float.BYTES;
        cblas_h.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, h, w, d, 1f, x.asSlice(i0 * stride), d,
                x.asSlice(j0 * stride), d, 0f, buffer, w);
        MemorySegment.copy(buffer, ValueLayout.JAVA_FLOAT, 0, c, 0, h * w);
    }

    @Override
    public void close() {
        arena.close();
    }
}
