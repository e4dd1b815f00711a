package dev.xfer.extract.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * The Keras layers that hold weights, each listing them in Keras' own order with Keras' names: the order both h5
 * layouts store them in (legacy {@code weight_names}, Keras 3 {@code vars/0..N}).
 */
public sealed interface WeightedSpec extends LayerSpec permits WeightedSpec.Conv2D, WeightedSpec.DepthwiseConv2D,
        WeightedSpec.SeparableConv2D, WeightedSpec.Dense, WeightedSpec.BatchNormalization,
        WeightedSpec.LayerNormalization, WeightedSpec.Normalization {

    /**
     * {@code Conv2D}; {@code groups} splits the input channels (Keras' grouped convolution; TensorFlow's CPU kernel
     * refuses it, so the graph builder turns it into depthwise or per-group convolutions).
     */
    record Conv2D(int filters, int kernelH, int kernelW, int strideH, int strideW, int dilation, Padding padding,
                  int groups, boolean useBias, Activation activation) implements WeightedSpec {
        public String kerasClass() {
            return "Conv2D";
        }

        public long[] outputShape(List<long[]> in) {
            long[] s = in.getFirst();
            return new long[] {padding.out(s[0], kernelH, strideH, dilation),
                    padding.out(s[1], kernelW, strideW, dilation), filters};
        }

        public List<Weight> weights(List<long[]> in) {
            List<Weight> w = new ArrayList<>();
            w.add(new Weight("kernel", new long[] {kernelH, kernelW, LayerSpec.channels(in) / groups, filters}, true));
            if (useBias) {
                w.add(new Weight("bias", new long[] {filters}, true));
            }
            return w;
        }
    }

    /** {@code DepthwiseConv2D}: kernel {@code kh x kw x C x multiplier}, output {@code C * multiplier} channels. */
    record DepthwiseConv2D(int kernelH, int kernelW, int strideH, int strideW, int dilation, Padding padding,
                           int depthMultiplier, boolean useBias, Activation activation) implements WeightedSpec {
        public String kerasClass() {
            return "DepthwiseConv2D";
        }

        public long[] outputShape(List<long[]> in) {
            long[] s = in.getFirst();
            return new long[] {padding.out(s[0], kernelH, strideH, dilation),
                    padding.out(s[1], kernelW, strideW, dilation), s[2] * depthMultiplier};
        }

        public List<Weight> weights(List<long[]> in) {
            long c = LayerSpec.channels(in);
            List<Weight> w = new ArrayList<>();
            w.add(new Weight("depthwise_kernel", new long[] {kernelH, kernelW, c, depthMultiplier}, true));
            if (useBias) {
                w.add(new Weight("bias", new long[] {c * depthMultiplier}, true));
            }
            return w;
        }
    }

    /** {@code SeparableConv2D}: a depthwise convolution, then a 1x1 one to {@code filters} channels. */
    record SeparableConv2D(int filters, int kernelH, int kernelW, int strideH, int strideW, int dilation,
                           Padding padding, int depthMultiplier, boolean useBias, Activation activation)
            implements WeightedSpec {
        public String kerasClass() {
            return "SeparableConv2D";
        }

        public long[] outputShape(List<long[]> in) {
            long[] s = in.getFirst();
            return new long[] {padding.out(s[0], kernelH, strideH, dilation),
                    padding.out(s[1], kernelW, strideW, dilation), filters};
        }

        public List<Weight> weights(List<long[]> in) {
            long c = LayerSpec.channels(in);
            List<Weight> w = new ArrayList<>();
            w.add(new Weight("depthwise_kernel", new long[] {kernelH, kernelW, c, depthMultiplier}, true));
            w.add(new Weight("pointwise_kernel", new long[] {1, 1, c * depthMultiplier, filters}, true));
            if (useBias) {
                w.add(new Weight("bias", new long[] {filters}, true));
            }
            return w;
        }
    }

    /** {@code Dense(units)}, on the last axis of an input of any rank (ConvNeXt applies it to feature maps). */
    record Dense(int units, boolean useBias, Activation activation) implements WeightedSpec {
        public String kerasClass() {
            return "Dense";
        }

        public long[] outputShape(List<long[]> in) {
            long[] s = in.getFirst().clone();
            s[s.length - 1] = units;
            return s;
        }

        public List<Weight> weights(List<long[]> in) {
            List<Weight> w = new ArrayList<>();
            w.add(new Weight("kernel", new long[] {LayerSpec.channels(in), units}, true));
            if (useBias) {
                w.add(new Weight("bias", new long[] {units}, true));
            }
            return w;
        }
    }

    /**
     * {@code BatchNormalization(epsilon, center, scale)} on the channels, always in inference mode (moving
     * statistics). ResNet and DenseNet use epsilon 1.001e-5, most others 1e-3; InceptionV3 has no gamma.
     */
    record BatchNormalization(float epsilon, boolean center, boolean scale) implements WeightedSpec {
        public String kerasClass() {
            return "BatchNormalization";
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }

        public List<Weight> weights(List<long[]> in) {
            long[] c = {LayerSpec.channels(in)};
            List<Weight> w = affine(c, scale, center);
            w.add(new Weight("moving_mean", c, false));
            w.add(new Weight("moving_variance", c, false));
            return w;
        }
    }

    /** {@code LayerNormalization(epsilon)} over the last axis (ConvNeXt: 1e-6). */
    record LayerNormalization(float epsilon, boolean center, boolean scale) implements WeightedSpec {
        public String kerasClass() {
            return "LayerNormalization";
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }

        public List<Weight> weights(List<long[]> in) {
            return affine(new long[] {LayerSpec.channels(in)}, scale, center);
        }
    }

    /**
     * {@code Normalization}: {@code (x - mean) / max(sqrt(variance), 1e-7)} per channel. With {@code mean} and
     * {@code variance} given, they are constants of the config (ConvNeXt); null, they are weights (mean, variance,
     * count) that an {@code adapt()} filled (EfficientNet).
     */
    record Normalization(float[] mean, float[] variance) implements WeightedSpec {
        public String kerasClass() {
            return "Normalization";
        }

        public long[] outputShape(List<long[]> in) {
            return in.getFirst();
        }

        public List<Weight> weights(List<long[]> in) {
            if (mean != null) {
                return List.of();
            }
            long[] c = {LayerSpec.channels(in)};
            return List.of(new Weight("mean", c, false), new Weight("variance", c, false),
                    new Weight("count", new long[0], false));
        }
    }

    /** A normalisation's learned scale (gamma) and offset (beta), as its {@code scale} and {@code center} ask. */
    private static List<Weight> affine(long[] channels, boolean scale, boolean center) {
        List<Weight> w = new ArrayList<>();
        if (scale) {
            w.add(new Weight("gamma", channels, true));
        }
        if (center) {
            w.add(new Weight("beta", channels, true));
        }
        return w;
    }
}
