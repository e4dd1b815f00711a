package dev.xfer.extract.arch;

import java.util.List;

/**
 * One entry of Keras' {@code model.layers}: a layer of the model, or a nested Sequential model standing for its
 * layers (listed once, with all their weights: legacy h5 files keep them in one group, trainable first, and Keras 3
 * files under {@code layers/sequential[_N]/layers/...}).
 *
 * @param name    the layer's or the nested model's name
 * @param members the layer itself, or the nested model's layers in order
 */
public record ModelLayer(String name, List<Layer> members, boolean nested) {

    public ModelLayer {
        members = List.copyOf(members);
    }

    static ModelLayer of(Layer l) {
        return new ModelLayer(l.name(), List.of(l), false);
    }

    /** The class Keras prints: the layer's, or {@code Sequential}. */
    public String kerasClass() {
        return nested ? "Sequential" : members.getFirst().kerasClass();
    }

    /** The layer whose output is this entry's output. */
    public Layer output() {
        return members.getLast();
    }

    public boolean hasWeights() {
        return members.stream().anyMatch(Layer::hasWeights);
    }
}
