package dev.xfer.extract.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads an encoded image's format and size from its header, without decoding, so that empty files, files
 * that are not images and images too large to decode safely are refused before any memory is allocated.
 */
public final class ImageProbe {
    /** Larger images are refused: 100 megapixels of float RGB is already 1.2 GB. */
    public static final long MAX_PIXELS = 100_000_000L;

    private ImageProbe() {
    }

    /** Null when the bytes look like a decodable image of sane size, else the reason to refuse it. */
    public static String problem(byte[] b) {
        return problem(b, MAX_PIXELS);
    }

    /**
     * Width times height as the header claims it, or -1 when the header does not say (not an image, damaged):
     * a server refuses decompression bombs with it before decoding anything.
     */
    public static long pixels(byte[] b) {
        if (problem(b, Long.MAX_VALUE) != null) {
            return -1;
        }
        long[] wh = header(b);
        return (double) wh[0] * wh[1] >= Long.MAX_VALUE ? Long.MAX_VALUE : wh[0] * wh[1];
    }

    private static long[] header(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            return jpegSize(b);
        } else if (b.length >= 24 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
            return new long[] {Integer.toUnsignedLong(bb.getInt(16)), Integer.toUnsignedLong(bb.getInt(20))};
        } else if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            return new long[] {bb.getShort(6) & 0xffff, bb.getShort(8) & 0xffff};
        } else if (b.length >= 26 && b[0] == 'B' && b[1] == 'M') {
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            return new long[] {Math.abs((long) bb.getInt(18)), Math.abs((long) bb.getInt(22))};
        }
        return null;
    }

    private static String problem(byte[] b, long maxPixels) {
        if (b.length == 0) {
            return "empty file (0 bytes)";
        }
        long[] wh = header(b);
        if (wh == null) {
            return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8
                    ? "truncated or damaged JPEG (no frame header)"
                    : "not an image (no JPEG, PNG, GIF or BMP signature)";
        }
        if (wh[0] <= 0 || wh[1] <= 0) {
            return "image header claims a size of " + wh[0] + "x" + wh[1];
        }
        if ((double) wh[0] * wh[1] > maxPixels) { // as doubles: two 32-bit PNG sides overflow a long
            return "image header claims " + wh[0] + "x" + wh[1] + " pixels, over the " + MAX_PIXELS / 1_000_000
                    + " megapixel limit";
        }
        return null;
    }

    /** Width and height from the first SOF marker, or null if the header ends before one. */
    private static long[] jpegSize(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xff) {
                i++;
                continue;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++;
                continue;
            }
            if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                i += 2;
                continue;
            }
            int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (sof) {
                long h = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                long w = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return new long[] {w, h};
            }
            i += 2 + len;
        }
        return null;
    }
}
