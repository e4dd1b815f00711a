package dev.xfer.serve;

import dev.xfer.common.BadInputException;
import dev.xfer.extract.image.ImageDecoder;
import dev.xfer.extract.image.ImageProbe;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Request bytes to pixels, or a 4xx: at most {@code maxBytes} read (413 beyond), the header's width x height checked
 * against {@code maxPixels} before anything is decoded (a decompression bomb is 413, not an out-of-memory), and a
 * file that is not an image, or is truncated, 400. Decoding runs on a small pool of decoders, one per core, so
 * requests decode in parallel while the conv base runs.
 */
final class ImageIntake implements AutoCloseable {
    private final long maxBytes;
    private final long maxPixels;
    private final int side;
    private final BlockingQueue<ImageDecoder> decoders;

    ImageIntake(int side, long maxBytes, long maxPixels, int decoderCount) {
        this.side = side;
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.decoders = new ArrayBlockingQueue<>(decoderCount);
        for (int i = 0; i < decoderCount; i++) {
            decoders.add(new ImageDecoder(side));
        }
    }

    /** Reads at most {@code maxBytes} of {@code in}; more is a 413. */
    byte[] read(InputStream in, String name) throws IOException {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (b.length > maxBytes) {
            throw ApiError.tooLarge(name + ": over the " + maxBytes + "-byte limit (--max-bytes)");
        }
        return b;
    }

    /** Refuses a declared length over the limit before reading anything. */
    void checkLength(long declared, String name) {
        if (declared > maxBytes) {
            throw ApiError.tooLarge(name + ": " + declared + " bytes, over the " + maxBytes
                    + "-byte limit (--max-bytes)");
        }
    }

    /** The pixels of one encoded image, {@code side * side * 3} floats. */
    float[] decode(byte[] data, String name) {
        if (data.length == 0) {
            throw ApiError.badRequest(name + ": empty body; send the image bytes (Content-Type: image/jpeg, ...)");
        }
        long pixels = ImageProbe.pixels(data);
        if (pixels > maxPixels) {
            throw ApiError.tooLarge(name + ": the header claims " + pixels + " pixels, over the " + maxPixels
                    + "-pixel limit (--max-pixels)");
        }
        ImageDecoder d;
        try {
            d = decoders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("the server is stopping");
        }
        try {
            return d.decode(data, name, new float[side * side * 3]);
        } catch (BadInputException e) {
            throw ApiError.badRequest(e.getMessage());
        } finally {
            decoders.add(d);
        }
    }

    @Override
    public void close() {
        decoders.forEach(ImageDecoder::close);
    }
}
