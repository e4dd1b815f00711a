package dev.xfer.extract.keras;

import dev.xfer.common.BadInputException;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Layer;
import dev.xfer.extract.arch.LayerSpec;
import dev.xfer.extract.weights.H5Values;
import dev.xfer.extract.weights.WeightSet;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights saved in a Keras model file, for the layers {@link ModelGraph} read from its config. A layer's
 * weights are found where Keras put them, not by position: in Keras 3's layout under
 * {@code layers/<class>[_N]/...}, the path of class counters through nested models; in the legacy layout under
 * the top-level layer's group, a nested layer's among the group's {@code weight_names} that end in its name.
 * A shared layer's tensors go to every node that calls it.
 */
final class ModelWeights {
    private ModelWeights() {
    }

    static WeightSet read(HdfFile h5, boolean legacy, ModelGraph g, Architecture arch, String file, String sha) {
        Map<String, long[]> shapes = arch.outputShapes(arch.defaultSize());
        Map<String, Layer> byName = new HashMap<>();
        arch.layers().forEach(l -> byName.put(l.name(), l));
        Map<String, List<WeightSet.Tensor>> byLayer = new HashMap<>();
        Group legacyRoot = null;
        if (legacy) {
            legacyRoot = h5.getChild("model_weights") instanceof Group mw ? mw : h5;
        }
        for (ModelGraph.Weighted w : g.weighted.values()) {
            Layer first = byName.get(w.nodes().getFirst());
            List<Dataset> sets = legacy ? legacy(legacyRoot, w, file) : keras3(h5, w, file);
            List<LayerSpec.Weight> want = arch.weights(first, shapes);
            if (want.size() != sets.size()) {
                throw misfit(file, w, "expects " + want.size() + " weight tensors, the file holds " + sets.size());
            }
            List<WeightSet.Tensor> tensors = new ArrayList<>();
            for (int i = 0; i < sets.size(); i++) {
                long[] shape = Arrays.stream(sets.get(i).getDimensions()).asLongStream().toArray();
                if (!Arrays.equals(shape, want.get(i).shape())) {
                    throw misfit(file, w, "expects " + want.get(i).name() + " of shape "
                            + Arrays.toString(want.get(i).shape()) + ", the file holds " + Arrays.toString(shape));
                }
                Dataset d = sets.get(i);
                tensors.add(new WeightSet.Tensor(shape, H5Values.floats(d)));
            }
            w.nodes().forEach(n -> byLayer.put(n, List.copyOf(tensors)));
        }
        return new WeightSet(arch.name(), file, sha, Map.copyOf(byLayer));
    }

    private static List<Dataset> keras3(HdfFile h5, ModelGraph.Weighted w, String file) {
        String path = "layers/" + String.join("/layers/", w.keras3Path()) + "/vars";
        Node vars = h5.getByPath(path);
        if (!(vars instanceof Group g)) {
            throw misfit(file, w, "has no weights in the file (expected " + path + ")");
        }
        return H5Values.vars(g);
    }

    private static List<Dataset> legacy(Group root, ModelGraph.Weighted w, String file) {
        String top = w.namePath().getFirst();
        if (!(root.getChild(top) instanceof Group g)) {
            throw misfit(file, w, "has no weights in the file (no group " + top + " in model_weights)");
        }
        List<String> inner = w.namePath().subList(1, w.namePath().size());
        String suffix = String.join("/", inner);
        List<Dataset> sets = new ArrayList<>();
        for (String name : H5Values.strings(g.getAttribute("weight_names"))) {
            String layer = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
            if (inner.isEmpty() || layer.equals(suffix) || layer.endsWith("/" + suffix)) {
                sets.add((Dataset) g.getByPath(name));
            }
        }
        return sets;
    }

    private static BadInputException misfit(String file, ModelGraph.Weighted w, String problem) {
        return new BadInputException(file + ": layer " + String.join("/", w.namePath()) + " " + problem
                + "; the file's weights do not fit its own config: save the model again");
    }
}
