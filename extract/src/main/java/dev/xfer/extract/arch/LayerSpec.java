package dev.xfer.extract.arch;

import java.util.Arrays;
import java.util.List;

/**
 * What one Keras layer computes, with Keras 3's semantics: one record per Keras class, holding exactly the
 * hyperparameters that decide its output and its weights. The built-in families are written in this vocabulary and
 * the graph builder ({@code graph/LayerOps}) turns each record into TensorFlow ops. Shapes exclude the batch.
 * Convolution and weighted layers are in {@link WeightedSpec}; everything here has no weights except
 * {@link LayerScale}.
 */
public sealed interface LayerSpec permits LayerSpec.Input, LayerSpec.Identity, LayerSpec.ActivationLayer,
        LayerSpec.ReLU, LayerSpec.Rescaling, LayerSpec.Merge, LayerSpec.Concatenate, LayerSpec.ZeroPadding2D,
        LayerSpec.CorrectPadding, LayerSpec.Cropping2D, LayerSpec.Pool2D, LayerSpec.GlobalPool2D, LayerSpec.Reshape, LayerSpec.Flatten,
        LayerSpec.LayerScale, LayerSpec.CustomScale, LayerSpec.ScalarOp, LayerSpec.OpNode, WeightedSpec {

    /** The class name Keras prints in a summary, and the root of its automatic layer names. */
    String kerasClass();

    /** The output shape for these input shapes (one per inbound layer). */
    long[] outputShape(List<long[]> in);

    /**
     * Whether Keras lists it among {@code model.layers}: operator nodes ({@code x + 3.0} in a functional model) are
     * operations, not layers, so summaries and weight files leave them out.
     */
    default boolean isLayer() {
        return true;
    }

    /** The layer's weights in Keras order, for these input shapes. */
    default List<Weight> weights(List<long[]> in) {
        return List.of();
    }

    /** One weight tensor: its Keras name, shape, and whether a training step may change it. */
    record Weight(String name, long[] shape, boolean trainable) {
        public long size() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    /** The model's input. */
    record Input() implements LayerSpec {
        public String kerasClass() {
            return "InputLayer";
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }
    }

    /** Dropout, StochasticDepth and the like: the identity at inference. */
    record Identity(String kerasClass) implements LayerSpec {
        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }
    }

    /** {@code Activation(fn)}. */
    record ActivationLayer(Activation fn) implements LayerSpec {
        public String kerasClass() {
            return "Activation";
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }
    }

    /** {@code ReLU(max_value, negative_slope, threshold)}; {@code maxValue} null for none. */
    record ReLU(Float maxValue, float negativeSlope, float threshold) implements LayerSpec {
        public String kerasClass() {
            return "ReLU";
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }
    }

    /** {@code Rescaling(scale, offset)}: x * scale + offset, each a scalar (length 1) or one value per channel. */
    record Rescaling(float[] scale, float[] offset) implements LayerSpec {
        public String kerasClass() {
            return "Rescaling";
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }
    }

    /** Add, Subtract and Multiply layers, with broadcasting as Keras 3 does (SE blocks multiply by {@code 1x1xC}). */
    record Merge(Arithmetic op) implements LayerSpec {
        public String kerasClass() {
            return op.kerasClass();
        }

        public long[] outputShape(List<long[]> in) {
            return broadcast(in);
        }
    }

    /**
     * An operator applied to a tensor and a constant, {@code x + 3.0} or {@code 2.0 * x}: a Keras 3 ops node
     * ({@code keras.src.ops.numpy} Add, Multiply, ...), not a layer.
     */
    record ScalarOp(Arithmetic op, float constant, boolean constantFirst) implements LayerSpec {
        public String kerasClass() {
            return op.kerasClass();
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }

        public boolean isLayer() {
            return false;
        }
    }

    /** An operator on two tensors, {@code inputs + x} (ConvNeXt's residual sum): a Keras 3 ops node, not a layer. */
    record OpNode(Arithmetic op) implements LayerSpec {
        public String kerasClass() {
            return op.kerasClass();
        }

        public long[] outputShape(List<long[]> in) {
            return broadcast(in);
        }

        public boolean isLayer() {
            return false;
        }
    }

    /** {@code Concatenate(axis)}; {@code axis} counts the batch, so -1 or 3 is channels. */
    record Concatenate(int axis) implements LayerSpec {
        public String kerasClass() {
            return "Concatenate";
        }

        public long[] outputShape(List<long[]> in) {
            long[] out = in.getFirst().clone();
            int a = axis < 0 ? out.length + axis : axis - 1;
            out[a] = in.stream().mapToLong(s -> s[a]).sum();
            return out;
        }
    }

    record ZeroPadding2D(int top, int bottom, int left, int right) implements LayerSpec {
        public String kerasClass() {
            return "ZeroPadding2D";
        }

        public long[] outputShape(List<long[]> in) {
            long[] s = in.getFirst();
            return new long[] {s[0] + top + bottom, s[1] + left + right, s[2]};
        }
    }

    /**
     * Keras' {@code imagenet_utils.correct_pad} before a strided {@code valid} convolution: a ZeroPadding2D whose
     * padding depends on its input's size (one less before the image on an even side), so it is worked out from the
     * input shape rather than written in the architecture.
     */
    record CorrectPadding(int kernel) implements LayerSpec {
        public String kerasClass() {
            return "ZeroPadding2D";
        }

        /** {top, bottom, left, right} for an input of {@code h x w}. */
        public int[] padding(long h, long w) {
            int c = kernel / 2;
            return new int[] {c - (int) (1 - h % 2), c, c - (int) (1 - w % 2), c};
        }

        public long[] outputShape(List<long[]> in) {
            long[] s = in.getFirst();
            int[] p = padding(s[0], s[1]);
            return new long[] {s[0] + p[0] + p[1], s[1] + p[2] + p[3], s[2]};
        }
    }

    record Cropping2D(int top, int bottom, int left, int right) implements LayerSpec {
        public String kerasClass() {
            return "Cropping2D";
        }

        public long[] outputShape(List<long[]> in) {
            long[] s = in.getFirst();
            return new long[] {s[0] - top - bottom, s[1] - left - right, s[2]};
        }
    }

    /** MaxPooling2D or AveragePooling2D; average pooling with {@code same} leaves the padding out of the divisor. */
    record Pool2D(boolean max, int poolH, int poolW, int strideH, int strideW, Padding padding) implements LayerSpec {
        public String kerasClass() {
            return max ? "MaxPooling2D" : "AveragePooling2D";
        }

        public long[] outputShape(List<long[]> in) {
            long[] s = in.getFirst();
            return new long[] {padding.out(s[0], poolH, strideH, 1), padding.out(s[1], poolW, strideW, 1), s[2]};
        }
    }

    /** GlobalAveragePooling2D or GlobalMaxPooling2D, optionally keeping the two spatial axes (1 x 1 x C). */
    record GlobalPool2D(boolean max, boolean keepdims) implements LayerSpec {
        public String kerasClass() {
            return max ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";
        }

        public long[] outputShape(List<long[]> in) {
            long c = in.getFirst()[in.getFirst().length - 1];
            return keepdims ? new long[] {1, 1, c} : new long[] {c};
        }
    }

    /** {@code Reshape(target)}, without the batch; one -1 is inferred. */
    record Reshape(long[] target) implements LayerSpec {
        public String kerasClass() {
            return "Reshape";
        }

        public long[] outputShape(List<long[]> in) {
            long total = Arrays.stream(in.getFirst()).reduce(1, (a, b) -> a * b);
            long known = Arrays.stream(target).filter(d -> d != -1).reduce(1, (a, b) -> a * b);
            return Arrays.stream(target).map(d -> d == -1 ? total / known : d).toArray();
        }
    }

    record Flatten() implements LayerSpec {
        public String kerasClass() {
            return "Flatten";
        }

        public long[] outputShape(List<long[]> in) {
            return new long[] {Arrays.stream(in.getFirst()).reduce(1, (a, b) -> a * b)};
        }
    }

    /** ConvNeXt's LayerScale: x * gamma, one gamma per channel. */
    record LayerScale(float initValue) implements LayerSpec {
        public String kerasClass() {
            return "LayerScale";
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }

        public List<Weight> weights(List<long[]> in) {
            return List.of(new Weight("gamma", new long[] {channels(in)}, true));
        }
    }

    /** InceptionResNetV2's CustomScaleLayer: {@code inputs[0] + inputs[1] * scale}, the scaled residual sum. */
    record CustomScale(float scale) implements LayerSpec {
        public String kerasClass() {
            return "CustomScaleLayer";
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }
    }

    /** Keras' broadcasting of element-wise operands of the same rank: a dimension of 1 stretches. */
    static long[] broadcast(List<long[]> in) {
        long[] out = in.getFirst().clone();
        for (long[] s : in.subList(1, in.size())) {
            if (s.length != out.length) {
                throw new IllegalArgumentException("operands of rank " + out.length + " and " + s.length);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(out[i], s[i]);
            }
        }
        return out;
    }

    /** The last dimension of the first input: what a weight's width follows. */
    static long channels(List<long[]> in) {
        long[] s = in.getFirst();
        return s[s.length - 1];
    }
}
