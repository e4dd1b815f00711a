package dev.xfer.extract.arch;

import java.util.List;

/**
 * One Keras layer of an architecture: its name, the layers whose outputs it takes (in call order), what it computes
 * ({@link LayerSpec}), and the nested Sequential model it belongs to, if any ({@code group}, null for a layer of the
 * model itself: ConvNeXt's stem and downsampling blocks are nested models, one entry of {@code model.layers}).
 */
public record Layer(String name, List<String> inbound, LayerSpec spec, String group) {

    /** Input shapes no weight name depends on: names are the same for any shape. */
    private static final List<long[]> ANY_SHAPE = List.of(new long[] {1, 1, 1});

    public Layer {
        inbound = List.copyOf(inbound);
    }

    public Layer(String name, List<String> inbound, LayerSpec spec) {
        this(name, inbound, spec, null);
    }

    /** The class name Keras prints in a summary. */
    public String kerasClass() {
        return spec.kerasClass();
    }

    /** Names of this layer's weights in Keras order, e.g. kernel, bias or beta, moving_mean, moving_variance. */
    public List<String> weightNames() {
        return spec.weights(ANY_SHAPE).stream().map(LayerSpec.Weight::name).toList();
    }

    /** Weights a training step may change: BatchNormalization's moving statistics are not among them. */
    public boolean isTrainableWeight(String weightName) {
        return spec.weights(ANY_SHAPE).stream().anyMatch(w -> w.name().equals(weightName) && w.trainable());
    }

    public boolean hasWeights() {
        return !spec.weights(ANY_SHAPE).isEmpty();
    }
}
