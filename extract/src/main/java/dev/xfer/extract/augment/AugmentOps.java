package dev.xfer.extract.augment;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.types.TFloat32;

/**
 * Augmentation as one graph op: ImageProjectiveTransformV3 does rotation, shift, shear, zoom and flips in a
 * single bilinear resampling, per image, from a {@code transforms} input of [batch, 8] fed by
 * {@link RandomTransform}. Feeding {@link RandomTransform#IDENTITY} rows leaves the images as they are.
 */
public record AugmentOps(Placeholder<TFloat32> transforms, Operand<TFloat32> output) {

    public static AugmentOps build(Ops tf, Operand<TFloat32> images, int size, AugmentSpec spec) {
        Ops s = tf.withSubScope("augment");
        var transforms = s.withName("transforms").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8)));
        Operand<TFloat32> out = s.image.imageProjectiveTransformV3(images, transforms,
                s.constant(new int[] {size, size}), s.constant((float) spec.cval()), "BILINEAR",
                ImageProjectiveTransformV3.fillMode(spec.fill().toUpperCase(Locale.ROOT)));
        return new AugmentOps(transforms, out);
    }
}
