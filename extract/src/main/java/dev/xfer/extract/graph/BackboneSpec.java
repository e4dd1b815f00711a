package dev.xfer.extract.graph;

import dev.xfer.common.Pooling;
import dev.xfer.common.Precision;
import java.util.Objects;

/**
 * What conv base to build: architecture, weights ({@code imagenet}, {@code random} or an h5 path), seed for
 * random weights, cut layer (null: the notop output), pooling, input size (null: the architecture's
 * default), the device it runs on and the arithmetic it runs in. A value object, so the loading logic lives in one place ({@link TfBackbone#build}).
 */
public record BackboneSpec(String arch, String weights, long seed, String layer, Pooling pooling, Integer imageSize,
                           Device device, Precision precision) {

    public BackboneSpec {
        Objects.requireNonNull(arch, "arch");
        pooling = pooling == null ? Pooling.AVG : pooling;
        device = device == null ? Device.AUTO : device;
        precision = precision == null ? Precision.FP32 : precision;
    }

    /** An fp32 spec. */
    public BackboneSpec(String arch, String weights, long seed, String layer, Pooling pooling, Integer imageSize,
                        Device device) {
        this(arch, weights, seed, layer, pooling, imageSize, device, Precision.FP32);
    }

    public static BackboneSpec of(String arch) {
        return new BackboneSpec(arch, "random", 0, null, Pooling.AVG, null, Device.AUTO);
    }

    public BackboneSpec withWeights(String w) {
        return new BackboneSpec(arch, w, seed, layer, pooling, imageSize, device, precision);
    }

    public BackboneSpec withSeed(long s) {
        return new BackboneSpec(arch, weights, s, layer, pooling, imageSize, device, precision);
    }

    public BackboneSpec withLayer(String l) {
        return new BackboneSpec(arch, weights, seed, l, pooling, imageSize, device, precision);
    }

    public BackboneSpec withPooling(Pooling p) {
        return new BackboneSpec(arch, weights, seed, layer, p, imageSize, device, precision);
    }

    public BackboneSpec withDevice(Device d) {
        return new BackboneSpec(arch, weights, seed, layer, pooling, imageSize, d, precision);
    }

    public BackboneSpec withImageSize(Integer s) {
        return new BackboneSpec(arch, weights, seed, layer, pooling, s, device, precision);
    }

    public BackboneSpec withPrecision(Precision p) {
        return new BackboneSpec(arch, weights, seed, layer, pooling, imageSize, device, p);
    }
}
