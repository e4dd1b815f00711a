package dev.xfer.extract.arch;

import java.util.List;

/**
 * One Keras layer of an architecture: its name, the layers whose outputs it takes (in call order), and what it
 * computes ({@link LayerSpec}).
 */
public record Layer(String name, List<String> inbound, LayerSpec spec) {

    /** Input shapes no weight name depends on: names are the same for any shape. */
    private static final List<long[]> ANY_SHAPE = List.of(new long[] {1, 1, 1});

    public Layer {
        inbound = List.copyOf(inbound);
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
