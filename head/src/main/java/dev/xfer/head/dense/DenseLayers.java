package dev.xfer.head.dense;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The dense head as TensorFlow ops, shared by phase-two training and fine-tuning: per layer dropout (from
 * StatelessRandomUniform, which has a gradient and gives the same mask for the same seed), MatMul, BiasAdd, relu
 * between layers. A one-unit sigmoid head is written as two logits {0, z}, so softmax cross-entropy on them is the
 * sigmoid loss.
 *
 * @param logits  [batch, classes]
 * @param weights kernel, bias of each layer in order
 * @param shapes  their shapes
 * @param l2      half the sum of squared kernels (TensorFlow's l2_loss)
 */
public record DenseLayers(Operand<TFloat32> logits, List<Variable<TFloat32>> weights, List<long[]> shapes,
                          Operand<TFloat32> l2) {

    /**
     * Builds the layers on {@code x}. {@code rate} is the dropout rate (feed 0 to evaluate), {@code seed} the
     * stateless seed pair; both may be null for a graph that never drops (an export).
     */
    public static DenseLayers build(Ops tf, Operand<TFloat32> x, int[] sizes, int classes, Operand<TFloat32> rate,
                                    Operand<TInt64> seed) {
        List<Variable<TFloat32>> weights = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        Operand<TFloat32> h = x;
        Operand<TFloat32> l2 = tf.constant(0f);
        for (int l = 0; l + 1 < sizes.length; l++) {
            if (rate != null) {
                Operand<TInt64> layerSeed = tf.math.add(seed, tf.constant(new long[] {0, l * 7919L}));
                var u = tf.random.statelessRandomUniform(tf.shape(h), layerSeed, TFloat32.class);
                var keep = tf.dtypes.cast(tf.math.greaterEqual(u, rate), TFloat32.class);
                h = tf.math.div(tf.math.mul(h, keep), tf.math.sub(tf.constant(1f), rate));
            }
            long[] ks = {sizes[l], sizes[l + 1]};
            long[] bs = {sizes[l + 1]};
            Ops s = tf.withSubScope("dense_" + l);
            var kernel = s.withName("kernel").variable(Shape.of(ks), TFloat32.class);
            var bias = s.withName("bias").variable(Shape.of(bs), TFloat32.class);
            weights.add(kernel);
            weights.add(bias);
            shapes.add(ks);
            shapes.add(bs);
            // ops straight on a VariableV2 can crash the JVM: read through Identity
            Operand<TFloat32> kr = s.identity(kernel);
            h = s.nn.biasAdd(s.linalg.matMul(h, kr), s.identity(bias));
            if (l + 2 < sizes.length) {
                h = s.nn.relu(h);
            }
            l2 = tf.math.add(l2, tf.nn.l2Loss(kr));
        }
        Operand<TFloat32> logits = sizes[sizes.length - 1] == 1 && classes == 2
                ? tf.concat(List.of(tf.math.sub(h, h), h), tf.constant(1)) : h;
        return new DenseLayers(logits, List.copyOf(weights), List.copyOf(shapes), l2);
    }

    /**
     * Mean softmax cross-entropy against {@code labels} that hold each row's class weight at its class (the
     * weighted loss Keras' class_weight gives), plus {@code l2} times the squared kernels.
     */
    public Operand<TFloat32> loss(Ops tf, Operand<TFloat32> labels, double l2Factor) {
        var ce = tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss();
        Operand<TFloat32> loss = tf.math.mean(ce, tf.constant(0));
        return l2Factor > 0 ? tf.math.add(loss, tf.math.mul(tf.constant((float) (2 * l2Factor)), l2)) : loss;
    }

    /** A fresh Keras Dense layer's values: Glorot-uniform for a kernel (2-d shape), zeros for a bias. */
    public static float[] glorotOrZeros(long[] shape, Random rnd) {
        int n = Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b));
        float[] v = new float[n];
        if (shape.length == 2) {
            double limit = Math.sqrt(6.0 / (shape[0] + shape[1]));
            for (int j = 0; j < n; j++) {
                v[j] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
            }
        }
        return v;
    }

    /** Fisher-Yates shuffle of {@code a} in place: the epoch order of both trainers. */
    public static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** Layer widths for a head on {@code dim} features: input, hidden..., output (1 for a sigmoid head). */
    public static int[] sizes(int dim, int[] hidden, boolean sigmoid, int classes) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = dim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = sigmoid ? 1 : classes;
        return sizes;
    }
}
