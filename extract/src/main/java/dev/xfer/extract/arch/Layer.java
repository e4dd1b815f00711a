package dev.xfer.extract.arch;

import java.util.List;

/**
 * One Keras layer: its name, class, inputs and the hyperparameters that decide its output and weights.
 * Fields that a kind does not use are zero or false.
 *
 * @param filters   Conv2D output channels
 * @param kernelH   Conv2D kernel height, or pool height
 * @param kernelW   Conv2D kernel width, or pool width
 * @param stride    stride in both directions (Conv2D and pools)
 * @param same      padding 'same' (true) or 'valid' (false)
 * @param useBias   Conv2D adds a bias
 * @param relu      Conv2D has {@code activation='relu'} fused in; Activation layers are always relu here
 * @param bnScale   BatchNormalization learns gamma ({@code scale=True})
 * @param epsilon   BatchNormalization epsilon
 */
public record Layer(String name, LayerKind kind, List<String> inbound, int filters, int kernelH, int kernelW,
                    int stride, boolean same, boolean useBias, boolean relu, boolean bnScale, float epsilon) {

    public Layer {
        inbound = List.copyOf(inbound);
    }

    static Layer input(String name) {
        return new Layer(name, LayerKind.INPUT, List.of(), 0, 0, 0, 0, false, false, false, false, 0f);
    }

    static Layer conv(String name, String in, int filters, int kh, int kw, int stride, boolean same,
                      boolean useBias, boolean relu) {
        return new Layer(name, LayerKind.CONV2D, List.of(in), filters, kh, kw, stride, same, useBias, relu, false, 0f);
    }

    static Layer batchNorm(String name, String in, boolean scale, float epsilon) {
        return new Layer(name, LayerKind.BATCH_NORM, List.of(in), 0, 0, 0, 0, false, false, false, scale, epsilon);
    }

    static Layer relu(String name, String in) {
        return new Layer(name, LayerKind.ACTIVATION, List.of(in), 0, 0, 0, 0, false, false, true, false, 0f);
    }

    static Layer pool(String name, LayerKind kind, String in, int size, int stride, boolean same) {
        return new Layer(name, kind, List.of(in), 0, size, size, stride, same, false, false, false, 0f);
    }

    static Layer concat(String name, List<String> in) {
        return new Layer(name, LayerKind.CONCAT, in, 0, 0, 0, 0, false, false, false, false, 0f);
    }

    static Layer dropout(String name, String in) {
        return new Layer(name, LayerKind.DROPOUT, List.of(in), 0, 0, 0, 0, false, false, false, false, 0f);
    }

    /** Names of this layer's weights in Keras order, e.g. kernel, bias or beta, moving_mean, moving_variance. */
    public List<String> weightNames() {
        return switch (kind) {
            case CONV2D -> useBias ? List.of("kernel", "bias") : List.of("kernel");
            case BATCH_NORM -> bnScale
                    ? List.of("gamma", "beta", "moving_mean", "moving_variance")
                    : List.of("beta", "moving_mean", "moving_variance");
            default -> List.of();
        };
    }

    /** Shapes of this layer's weights, in the order of {@link #weightNames}, given its input channels. */
    public List<long[]> weightShapes(long inChannels) {
        return switch (kind) {
            case CONV2D -> useBias
                    ? List.of(new long[] {kernelH, kernelW, inChannels, filters}, new long[] {filters})
                    : List.of(new long[] {kernelH, kernelW, inChannels, filters});
            case BATCH_NORM -> weightNames().stream().map(n -> new long[] {inChannels}).toList();
            default -> List.of();
        };
    }

    /** Weights a training step may change: BatchNormalization's moving statistics are not among them. */
    public boolean isTrainableWeight(String weightName) {
        return !weightName.startsWith("moving_");
    }

    public boolean hasWeights() {
        return kind == LayerKind.CONV2D || kind == LayerKind.BATCH_NORM;
    }
}
