package dev.xfer.extract.augment;

import dev.xfer.extract.graph.ImageBatch;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Augments decoded images on their own, outside a model: for {@code xfer augment-preview} and for the augmented
 * views {@code xfer extract --augment K} stores. Uses the same op and the same draws as fine-tuning.
 */
public final class Augmenter implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> images;
    private final AugmentOps ops;
    private final AugmentSpec spec;
    private final int size;

    public Augmenter(AugmentSpec spec, int size) {
        this.spec = spec;
        this.size = size;
        Ops tf = Ops.create(graph);
        images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
        ops = AugmentOps.build(tf, images, size, spec);
        session = new Session(graph);
    }

    /** {@code count} images (NHWC, RGB 0..255) transformed by the draws for {@code seed, epoch, first...}. */
    public float[] apply(float[] rgbNhwc, int count, long seed, long epoch, long first) {
        float[] t = RandomTransform.batch(spec, seed, epoch, first, count, size);
        try (TFloat32 tt = TFloat32.tensorOf(Shape.of(count, 8), DataBuffers.of(t, true, false))) {
            return ImageBatch.run(rgbNhwc, count, size, count * size * size * 3,
                    in -> session.runner().feed(images, in).feed(ops.transforms(), tt).fetch(ops.output()).run(),
                    r -> ((Result) r).get(0));
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
