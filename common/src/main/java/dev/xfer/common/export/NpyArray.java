package dev.xfer.common.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The NumPy {@code .npy} format, version 1.0: a magic string, a Python-dict header padded to a multiple of
 * 64 bytes, then the raw little-endian values in C order. Only the two dtypes xfer exports.
 */
final class NpyArray {
    private NpyArray() {
    }

    static void writeFloat32(OutputStream out, float[] values, int rows, int cols) throws IOException {
        header(out, "<f4", rows, cols);
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (!b.hasRemaining()) {
                flush(out, b);
            }
            b.putFloat(v);
        }
        flush(out, b);
    }

    static void writeInt32(OutputStream out, int[] values) throws IOException {
        header(out, "<i4", values.length, -1);
        ByteBuffer b = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        out.write(b.array());
    }

    private static void flush(OutputStream out, ByteBuffer b) throws IOException {
        out.write(b.array(), 0, b.position());
        b.clear();
    }

    private static void header(OutputStream out, String dtype, int rows, int cols) throws IOException {
        String shape = cols < 0 ? "(" + rows + ",)" : "(" + rows + ", " + cols + ")";
        StringBuilder h = new StringBuilder("{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape
                + ", }");
        int preamble = 6 + 2 + 2;
        while ((preamble + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(h.length() & 0xff);
        out.write(h.length() >> 8);
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
