package dev.xfer.finetune;

import dev.xfer.extract.graph.BackboneGraph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A variable with a stable name and the three ops that move its value in and out of a session: what checkpoints,
 * the best-epoch copy and the export work on. Names are the Keras ones ({@code fire8/squeeze1x1/kernel}) for the
 * conv base, {@code head/dense_0/kernel} for the head, {@code slot/...} for optimizer state.
 */
public record NamedVariable(String name, long[] shape, Variable<TFloat32> variable, Placeholder<TFloat32> feed,
                            Op assign, Operand<TFloat32> read) {

    public static NamedVariable of(BackboneGraph.WeightVariable w) {
        return new NamedVariable(w.name(), w.shape(), w.variable(), w.feed(), w.assign(), w.read());
    }

    public static NamedVariable of(Ops tf, String name, Variable<TFloat32> v, long[] shape) {
        Ops s = tf.withSubScope("io");
        var feed = s.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        return new NamedVariable(name, shape, v, feed, s.assign(v, feed), s.identity(v));
    }

    public int size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }
}
