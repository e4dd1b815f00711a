package dev.xfer.extract.graph;

import dev.xfer.extract.arch.WeightedSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

/**
 * Keras' Conv2D, grouped convolutions included. TensorFlow's CPU Conv2D kernel refuses {@code groups > 1}
 * (tensorflow#29005), so one group per input channel becomes DepthwiseConv2dNative with the kernel reshaped from
 * {@code kh x kw x 1 x F} to {@code kh x kw x C x F/C} (output channel {@code g * F/C + m} is channel g's m-th
 * filter in both layouts), and other group counts become one Conv2D per group and a Concat.
 */
final class GroupedConvolution {
    private GroupedConvolution() {
    }

    static Operand<TFloat32> apply(Ops s, Operand<TFloat32> x, Operand<TFloat32> kernel, WeightedSpec.Conv2D c,
                                   long channels) {
        List<Long> strides = LayerOps.strides(c.strideH(), c.strideW());
        List<Long> dilations = LayerOps.dilations(c.dilation());
        String pad = c.padding().tf();
        if (c.groups() == 1) {
            return s.nn.conv2d(x, kernel, strides, pad, Conv2d.dilations(dilations));
        }
        if (c.groups() == channels) {
            Operand<TFloat32> k = s.reshape(kernel, s.constant(new long[] {c.kernelH(), c.kernelW(), channels,
                    c.filters() / channels}));
            return s.nn.depthwiseConv2dNative(x, k, strides, pad, DepthwiseConv2dNative.dilations(dilations));
        }
        Split<TFloat32> xs = s.split(s.constant(3), x, (long) c.groups());
        Split<TFloat32> ks = s.split(s.constant(3), kernel, (long) c.groups());
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (int g = 0; g < c.groups(); g++) {
            parts.add(s.nn.conv2d(xs.output().get(g), ks.output().get(g), strides, pad, Conv2d.dilations(dilations)));
        }
        return s.concat(parts, s.constant(3));
    }
}
