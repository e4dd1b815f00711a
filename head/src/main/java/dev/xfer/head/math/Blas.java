package dev.xfer.head.math;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import smile.linalg.blas.cblas_h;

/**
 * A fixed right-hand matrix for products {@code a * b^T} on the machine's BLAS (OpenBLAS through Smile's FFM
 * bindings, {@code sgemm}): {@code b} is copied off-heap once and multiplied by many left sides, queries in
 * blocks so the result of one call stays a few tens of MB. Where no BLAS library loads, the same products run
 * in {@link Products}' Java loop: slower, the same numbers to float rounding.
 */
public final class Blas {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static volatile Boolean available;

    private final Arena arena;
    private final MemorySegment b;
    private final float[] transposed;
    private final int n;
    private final int d;

    /** The right side: {@code n} rows of {@code d} floats. */
    public Blas(float[] rows, int n, int d) {
        this.n = n;
        this.d = d;
        if (available()) {
            // freed by the collector with this object: heads hold one for as long as they live
            this.arena = Arena.ofAuto();
            this.b = arena.allocate((long) rows.length * Float.BYTES, 64);
            MemorySegment.copy(rows, 0, b, ValueLayout.JAVA_FLOAT, 0, rows.length);
            this.transposed = null;
        } else {
            this.arena = null;
            this.b = null;
            this.transposed = Products.transpose(rows, n, d);
        }
    }

    /** Whether a BLAS library loads and multiplies correctly (tried once per process). */
    public static boolean available() {
        if (available == null) {
            synchronized (Blas.class) {
                if (available == null) {
                    available = probe();
                }
            }
        }
        return available;
    }

    private static boolean probe() {
        if (Boolean.getBoolean("xfer.noBlas")) {
            return false;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment x = a.allocate(16, 64);
            MemorySegment c = a.allocate(16, 64);
            MemorySegment.copy(new float[] {1, 2, 3, 4}, 0, x, ValueLayout.JAVA_FLOAT, 0, 4);
            cblas_h.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, 2, 2, 2, 1f, x, 2, x, 2, 0f, c, 2);
            float[] out = new float[4];
            MemorySegment.copy(c, ValueLayout.JAVA_FLOAT, 0, out, 0, 4);
            return out[0] == 5 && out[1] == 11 && out[3] == 25;
        } catch (Throwable e) {
            // no libopenblas, or no native access granted: the Java loop does the same work
            return false;
        }
    }

    /** {@code a * b^T} for {@code m} rows of {@code a}: m x n, row-major. */
    public float[] timesTransposed(float[] a, int m) {
        if (b == null) {
            return Products.timesTransposed(a, m, transposed, n, d);
        }
        float[] c = new float[Math.multiplyExact(m, n)];
        try (Arena call = Arena.ofConfined()) {
            int len = Math.multiplyExact(m, d);
            MemorySegment left = call.allocate((long) len * Float.BYTES, 64);
            MemorySegment.copy(a, 0, left, ValueLayout.JAVA_FLOAT, 0, len);
            MemorySegment out = call.allocate((long) c.length * Float.BYTES, 64);
            cblas_h.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, m, n, d, 1f, left, d, b, d, 0f, out, n);
            MemorySegment.copy(out, ValueLayout.JAVA_FLOAT, 0, c, 0, c.length);
        }
        return c;
    }
}
