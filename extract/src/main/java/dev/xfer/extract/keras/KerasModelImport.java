package dev.xfer.extract.keras;

import dev.xfer.common.Pooling;
import dev.xfer.common.Preprocessing;
import dev.xfer.common.Provenance;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.LayerSpec;
import dev.xfer.extract.arch.WeightedSpec;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.savedmodel.BackboneExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code xfer backbone import --keras FILE}: a Keras model file, cut and pooled, written as a SavedModel backbone
 * with {@code xfer.json} and {@code keras.json}. The whole file is read and checked before anything is written.
 *
 * @param file          the .keras or .h5 model file
 * @param layer         the cut (null: the model's output)
 * @param pooling       how a feature map is pooled; an output that is already a vector is taken as it is
 * @param imageSize     the input side for a model that takes any size (null: 224)
 * @param preprocessing applied to 0..255 RGB before the model's input ({@code none}: the model's own, if any)
 */
public record KerasModelImport(Path file, String layer, Pooling pooling, Integer imageSize,
                               Preprocessing preprocessing, Device device) {

    /** What was written: the provenance in {@code xfer.json} and the Keras side in {@code keras.json}. */
    public record Result(Provenance provenance, KerasImport keras) {
    }

    public Result writeTo(Path dir, String name) throws IOException {
        KerasModelFile m = KerasModelFile.read(file, imageSize, preprocessing);
        Architecture arch = m.arch();
        String cut = arch.resolveLayer(layer).name();
        boolean vector = arch.outputShapes(arch.defaultSize()).get(cut).length != 3;
        Pooling pool = vector ? Pooling.NONE : pooling;
        boolean inside = arch.layersUpTo(cut).stream()
                .anyMatch(l -> l.spec() instanceof LayerSpec.Rescaling || l.spec() instanceof WeightedSpec.Normalization);
        String pre = preprocessing != Preprocessing.NONE ? preprocessing.description()
                : inside ? "in the model" : Preprocessing.NONE.description();
        BackboneSpec spec = new BackboneSpec(arch.name(), m.weights().source(), 0, cut, pool, arch.defaultSize(),
                device);
        KerasImport k = new KerasImport(KerasImport.FORMAT, m.weights().source(), m.sha256(), m.kerasVersion(),
                arch.name().substring("keras:".length()), cut, pool.id(), pre);
        try (TfBackbone b = TfBackbone.build(arch, m.weights(), spec, pre)) {
            Provenance p = BackboneExport.write(b, dir, name, Map.of(KerasImport.FILE_NAME, k.toJson()));
            return new Result(p, k);
        }
    }
}
