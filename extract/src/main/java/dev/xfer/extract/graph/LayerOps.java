package dev.xfer.extract.graph;

import dev.xfer.extract.arch.Activation;
import dev.xfer.extract.arch.Arithmetic;
import dev.xfer.extract.arch.LayerSpec;
import dev.xfer.extract.arch.WeightedSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow ops of one Keras layer, with Keras 3's arithmetic, for inference (BatchNormalization on its
 * moving statistics; Dropout and StochasticDepth the identity). {@code w} holds the layer's weights in the order
 * its spec lists them; {@code outShape} is its output shape without the batch, for ops that must spell it.
 */
final class LayerOps {
    private LayerOps() {
    }

    static Operand<TFloat32> apply(Ops s, LayerSpec spec, List<Operand<TFloat32>> in, List<Operand<TFloat32>> w,
                                   long[] outShape) {
        Operand<TFloat32> x = in.getFirst();
        return switch (spec) {
            case LayerSpec.Input i -> x;
            case LayerSpec.Identity i -> x;
            case LayerSpec.ActivationLayer a -> activation(s, x, a.fn());
            case LayerSpec.ReLU r -> relu(s, x, r);
            case LayerSpec.Rescaling r -> s.math.add(s.math.mul(x, vector(s, r.scale())), vector(s, r.offset()));
            case LayerSpec.Merge m -> {
                Operand<TFloat32> y = x;
                for (Operand<TFloat32> o : in.subList(1, in.size())) {
                    y = arithmetic(s, m.op(), y, o);
                }
                yield y;
            }
            case LayerSpec.ScalarOp o -> o.constantFirst() ? arithmetic(s, o.op(), s.constant(o.constant()), x)
                    : arithmetic(s, o.op(), x, s.constant(o.constant()));
            case LayerSpec.OpNode o -> arithmetic(s, o.op(), x, in.get(1));
            case LayerSpec.Concatenate c -> s.concat(in, s.constant(c.axis()));
            case LayerSpec.ZeroPadding2D p -> s.pad(x, s.constant(new int[][] {{0, 0}, {p.top(), p.bottom()},
                    {p.left(), p.right()}, {0, 0}}), s.constant(0f));
            case LayerSpec.CorrectPadding c -> {
                int[] p = c.padding(x.shape().get(1), x.shape().get(2));
                yield s.pad(x, s.constant(new int[][] {{0, 0}, {p[0], p[1]}, {p[2], p[3]}, {0, 0}}), s.constant(0f));
            }
            case LayerSpec.Cropping2D c -> s.slice(x, s.constant(new long[] {0, c.top(), c.left(), 0}),
                    s.constant(new long[] {-1, outShape[0], outShape[1], -1}));
            case LayerSpec.Pool2D p -> {
                List<Long> window = List.of(1L, (long) p.poolH(), (long) p.poolW(), 1L);
                List<Long> strides = List.of(1L, (long) p.strideH(), (long) p.strideW(), 1L);
                yield p.max() ? s.nn.maxPool(x, s.constant(ints(window)), s.constant(ints(strides)), p.padding().tf())
                        : s.nn.avgPool(x, window, strides, p.padding().tf());
            }
            case LayerSpec.GlobalPool2D g -> g.max()
                    ? s.max(x, s.constant(new int[] {1, 2}), Max.keepDims(g.keepdims()))
                    : s.math.mean(x, s.constant(new int[] {1, 2}), Mean.keepDims(g.keepdims()));
            case LayerSpec.Reshape r -> s.reshape(x, s.constant(withBatch(outShape)));
            case LayerSpec.Flatten f -> s.reshape(x, s.constant(withBatch(outShape)));
            case LayerSpec.LayerScale l -> s.math.mul(x, w.getFirst());
            case LayerSpec.CustomScale c -> s.math.add(x, s.math.mul(in.get(1), s.constant(c.scale())));
            case WeightedSpec ws -> weighted(s, ws, x, w, outShape);
        };
    }

    private static Operand<TFloat32> weighted(Ops s, WeightedSpec spec, Operand<TFloat32> x,
                                              List<Operand<TFloat32>> w, long[] outShape) {
        return switch (spec) {
            case WeightedSpec.Conv2D c -> {
                Operand<TFloat32> y = GroupedConvolution.apply(s, x, w.getFirst(), c, channelsOf(x));
                yield activation(s, c.useBias() ? s.nn.biasAdd(y, w.get(1)) : y, c.activation());
            }
            case WeightedSpec.DepthwiseConv2D d -> {
                Operand<TFloat32> y = s.nn.depthwiseConv2dNative(x, w.getFirst(), strides(d.strideH(), d.strideW()),
                        d.padding().tf(), DepthwiseConv2dNative.dilations(dilations(d.dilation())));
                yield activation(s, d.useBias() ? s.nn.biasAdd(y, w.get(1)) : y, d.activation());
            }
            case WeightedSpec.SeparableConv2D p -> {
                Operand<TFloat32> y = s.nn.depthwiseConv2dNative(x, w.getFirst(), strides(p.strideH(), p.strideW()),
                        p.padding().tf(), DepthwiseConv2dNative.dilations(dilations(p.dilation())));
                y = s.nn.conv2d(y, w.get(1), List.of(1L, 1L, 1L, 1L), "VALID");
                yield activation(s, p.useBias() ? s.nn.biasAdd(y, w.get(2)) : y, p.activation());
            }
            case WeightedSpec.Dense d -> {
                long in = channelsOf(x);
                Operand<TFloat32> flat = outShape.length == 1 ? x : s.reshape(x, s.constant(new long[] {-1, in}));
                Operand<TFloat32> y = s.linalg.matMul(flat, w.getFirst());
                if (d.useBias()) {
                    y = s.nn.biasAdd(y, w.get(1));
                }
                if (outShape.length > 1) {
                    y = s.reshape(y, s.constant(withBatch(outShape)));
                }
                yield activation(s, y, d.activation());
            }
            case WeightedSpec.BatchNormalization b -> {
                long c = channelsOf(x);
                int i = 0;
                Operand<TFloat32> gamma = b.scale() ? w.get(i++) : s.withName("gamma_fixed").ones(
                        s.constant(new long[] {c}), TFloat32.class);
                Operand<TFloat32> beta = b.center() ? w.get(i++) : s.withName("beta_fixed").zeros(
                        s.constant(new long[] {c}), TFloat32.class);
                yield s.nn.fusedBatchNorm(x, gamma, beta, w.get(i), w.get(i + 1),
                        FusedBatchNorm.epsilon(b.epsilon()), FusedBatchNorm.isTraining(false)).y();
            }
            case WeightedSpec.LayerNormalization l -> {
                Operand<org.tensorflow.types.TInt32> last = s.constant(new int[] {-1});
                Operand<TFloat32> mean = s.math.mean(x, last, Mean.keepDims(true));
                Operand<TFloat32> centred = s.math.sub(x, mean);
                Operand<TFloat32> variance = s.math.mean(s.math.square(centred), last, Mean.keepDims(true));
                Operand<TFloat32> y = s.math.mul(centred, s.math.rsqrt(s.math.add(variance, s.constant(l.epsilon()))));
                int i = 0;
                if (l.scale()) {
                    y = s.math.mul(y, w.get(i++));
                }
                yield l.center() ? s.math.add(y, w.get(i)) : y;
            }
            case WeightedSpec.Normalization n -> {
                Operand<TFloat32> mean = n.mean() != null ? vector(s, n.mean()) : w.get(0);
                Operand<TFloat32> var = n.variance() != null ? vector(s, n.variance()) : w.get(1);
                yield s.math.div(s.math.sub(x, mean), s.math.maximum(s.math.sqrt(var), s.constant(1e-7f)));
            }
        };
    }

    static Operand<TFloat32> activation(Ops s, Operand<TFloat32> x, Activation fn) {
        return switch (fn) {
            case LINEAR -> x;
            case RELU -> s.nn.relu(x);
            case RELU6 -> s.nn.relu6(x);
            case SIGMOID -> s.math.sigmoid(x);
            case SILU -> s.math.mul(x, s.math.sigmoid(x));
            case HARD_SIGMOID -> hardSigmoid(s, x);
            case HARD_SIGMOID_KERAS2 -> s.math.minimum(s.math.maximum(s.math.add(s.math.mul(x, s.constant(0.2f)),
                    s.constant(0.5f)), s.constant(0f)), s.constant(1f));
            case HARD_SILU -> s.math.mul(x, hardSigmoid(s, x));
            case GELU -> s.math.mul(s.math.mul(x, s.constant(0.5f)), s.math.add(s.constant(1f),
                    s.math.erf(s.math.mul(x, s.constant((float) (1 / Math.sqrt(2)))))));
            case GELU_TANH -> {
                Operand<TFloat32> cube = s.math.mul(s.math.mul(x, x), x);
                Operand<TFloat32> inner = s.math.mul(s.constant((float) Math.sqrt(2 / Math.PI)),
                        s.math.add(x, s.math.mul(s.constant(0.044715f), cube)));
                yield s.math.mul(s.math.mul(x, s.constant(0.5f)), s.math.add(s.constant(1f), s.math.tanh(inner)));
            }
            case SOFTMAX -> s.nn.softmax(x);
            case TANH -> s.math.tanh(x);
            case ELU -> s.nn.elu(x);
        };
    }

    /** Keras 3's hard_sigmoid: relu6(x + 3) / 6. */
    private static Operand<TFloat32> hardSigmoid(Ops s, Operand<TFloat32> x) {
        return s.math.div(s.nn.relu6(s.math.add(x, s.constant(3f))), s.constant(6f));
    }

    private static Operand<TFloat32> relu(Ops s, Operand<TFloat32> x, LayerSpec.ReLU r) {
        if (r.negativeSlope() == 0 && r.threshold() == 0) {
            if (r.maxValue() == null) {
                return s.nn.relu(x);
            }
            if (r.maxValue() == 6f) {
                return s.nn.relu6(x);
            }
            return s.math.minimum(s.nn.relu(x), s.constant(r.maxValue()));
        }
        // Keras: x >= threshold ? x : negative_slope * (x - threshold), then capped at max_value
        Operand<TFloat32> t = s.constant(r.threshold());
        Operand<TFloat32> y = s.select(s.math.greaterEqual(x, t), x,
                s.math.mul(s.constant(r.negativeSlope()), s.math.sub(x, t)));
        return r.maxValue() == null ? y : s.math.minimum(y, s.constant(r.maxValue()));
    }

    static Operand<TFloat32> arithmetic(Ops s, Arithmetic op, Operand<TFloat32> a, Operand<TFloat32> b) {
        return switch (op) {
            case ADD -> s.math.add(a, b);
            case SUBTRACT -> s.math.sub(a, b);
            case MULTIPLY -> s.math.mul(a, b);
            case DIVIDE -> s.math.div(a, b);
        };
    }

    private static Operand<TFloat32> vector(Ops s, float[] v) {
        return v.length == 1 ? s.constant(v[0]) : s.constant(v);
    }

    static long channelsOf(Operand<TFloat32> x) {
        return x.shape().get(x.shape().numDimensions() - 1);
    }

    static List<Long> strides(int h, int w) {
        return List.of(1L, (long) h, (long) w, 1L);
    }

    static List<Long> dilations(int d) {
        return List.of(1L, (long) d, (long) d, 1L);
    }

    private static long[] withBatch(long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = -1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    private static int[] ints(List<Long> values) {
        return values.stream().mapToInt(Long::intValue).toArray();
    }
}
