package dev.xfer.extract.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Decodes one encoded image to float RGB 0..255 at a fixed square size. Grayscale and alpha images come out
 * as 3-channel RGB; animated GIFs give their first frame. Holds a small TensorFlow session: close it.
 */
public final class ImageDecoder implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TString> bytes;
    private final Operand<TFloat32> pixels;
    private final Operand<TFloat32> jpegPixels;
    private final Operand<TUint8> decoded;
    private final Operand<TUint8> jpegDecoded;
    private final Placeholder<TUint8> original;
    private final Operand<TFloat32> originalPixels;
    private final int size;

    /** An image's decoded RGB at its own size, HWC, as {@link #resize} takes it back. */
    public record Rgb(byte[] pixels, int height, int width) {
    }

    public ImageDecoder(int size) {
        this.size = size;
        Ops tf = Ops.create(graph);
        bytes = tf.placeholder(TString.class);
        decoded = tf.image.decodeImage(bytes, TUint8.class, DecodeImage.channels(3L),
                DecodeImage.expandAnimations(false));
        pixels = resize(tf, decoded);
        // libjpeg's accurate integer IDCT, as PIL (Keras' load_img) decodes; TF's default fast IDCT differs
        // from it by about one grey level per pixel.
        jpegDecoded = tf.image.decodeJpeg(bytes, DecodeJpeg.channels(3L), DecodeJpeg.dctMethod("INTEGER_ACCURATE"));
        jpegPixels = resize(tf, jpegDecoded);
        original = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, 3)));
        originalPixels = resize(tf, original);
        session = new Session(graph);
    }

    private Operand<TFloat32> resize(Ops tf, Operand<TUint8> decoded) {
        return tf.squeeze(tf.image.resizeBilinear(tf.expandDims(decoded, tf.constant(0)),
                tf.constant(new int[] {size, size}), ResizeBilinear.halfPixelCenters(true)));
    }

    private static boolean isJpeg(byte[] data) {
        return data.length > 3 && (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xd8 && (data[2] & 0xff) == 0xff;
    }

    public int size() {
        return size;
    }

    /** Pixels of {@code file}, {@code size * size * 3} floats, HWC; unreadable or corrupt files are bad input. */
    public float[] decode(Path file) {
        return decode(file, new float[size * size * 3]);
    }

    /** As {@link #decode(Path)}, into {@code out} (reused by callers that decode many images). */
    public float[] decode(Path file, float[] out) {
        return decode(read(file), file.toString(), out);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UnreadableImageException(file.toString(), "no such file; check the path", e);
        } catch (IOException e) {
            throw new UnreadableImageException(file.toString(), "cannot read (" + e
                    + "); check that it is a readable file", e);
        }
    }

    /**
     * As {@link #decode(Path, float[])}, and also returns the decoded pixels before resizing (one decode), for
     * callers that keep the smaller of the two: {@link #resize} of them gives {@code out} again bit for bit.
     */
    public Rgb decodeWithOriginal(Path file, float[] out) {
        byte[] data = read(file);
        String name = file.toString();
        String problem = ImageProbe.problem(data);
        if (problem != null) {
            throw new UnreadableImageException(name, problem, null);
        }
        boolean jpeg = isJpeg(data);
        try (TString in = TString.tensorOfBytes(org.tensorflow.ndarray.NdArrays.scalarOfObject(data));
             Result r = session.runner().feed(bytes, in).fetch(jpeg ? jpegDecoded : decoded)
                     .fetch(jpeg ? jpegPixels : pixels).run()) {
            TUint8 rgb = (TUint8) r.get(0);
            byte[] b = new byte[(int) rgb.shape().size()];
            rgb.copyTo(DataBuffers.of(b, false, false));
            ((TFloat32) r.get(1)).copyTo(DataBuffers.of(out, false, false));
            return new Rgb(b, (int) rgb.shape().get(0), (int) rgb.shape().get(1));
        } catch (IllegalArgumentException | IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            throw new UnreadableImageException(name, "not a decodable image (" + String.valueOf(e.getMessage())
                    .lines().findFirst().orElse("") + "); remove or replace the file", e);
        }
    }

    /** Resizes pixels {@link #decodeWithOriginal} returned into {@code out} from {@code offset}, as decode does. */
    public void resize(Rgb rgb, float[] out, int offset) {
        try (TUint8 in = TUint8.tensorOf(Shape.of(rgb.height(), rgb.width(), 3), DataBuffers.of(rgb.pixels(), true,
                false));
             Result r = session.runner().feed(original, in).fetch(originalPixels).run()) {
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false).offset(offset)
                    .narrow((long) size * size * 3));
        }
    }

    /** Pixels of an encoded image; {@code name} is only for messages. Refuses bad headers before decoding. */
    public float[] decode(byte[] data, String name) {
        return decode(data, name, new float[size * size * 3]);
    }

    /** As {@link #decode(byte[], String)}, into {@code out}, which must hold {@code size * size * 3} floats. */
    public float[] decode(byte[] data, String name, float[] out) {
        String problem = ImageProbe.problem(data);
        if (problem != null) {
            throw new UnreadableImageException(name, problem, null);
        }
        try (TString in = TString.tensorOfBytes(org.tensorflow.ndarray.NdArrays.scalarOfObject(data));
             Result r = session.runner().feed(bytes, in).fetch(isJpeg(data) ? jpegPixels : pixels).run()) {
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
        } catch (IllegalArgumentException | IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            throw new UnreadableImageException(name, "not a decodable image (" + String.valueOf(e.getMessage())
                    .lines().findFirst().orElse("") + "); remove or replace the file", e);
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
