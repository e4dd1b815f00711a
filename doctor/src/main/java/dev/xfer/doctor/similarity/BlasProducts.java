package dev.xfer.doctor.similarity;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import smile.linalg.blas.cblas_h;

/**
 * Tile products on the machine's BLAS (OpenBLAS through Smile's FFM bindings): the unit rows are copied off-heap
 * once, and each tile is one {@code sgemm} of a row block by a transposed column block. About 20 times the
 * plain Java loop on the machine it was measured on (bench/RESULTS.md); {@link #available} is false where no
 * BLAS library loads, and the scan falls back to Java. Unlike {@link dev.xfer.head.math.Blas}, both sides of a
 * tile are slices of the same rows, so they are copied off-heap once for the whole scan.
 */
final class BlasProducts implements AutoCloseable {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment x;
    private final int d;

    BlasProducts(float[] unit, int d) {
        this.d = d;
        this.x = arena.allocate((long) unit.length * Float.BYTES, 64);
        MemorySegment.copy(unit, 0, x, ValueLayout.JAVA_FLOAT, 0, unit.length);
    }

    /** Whether a BLAS library loads (head/'s probe, tried once per process). */
    static boolean available() {
        return dev.xfer.head.math.Blas.available();
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
