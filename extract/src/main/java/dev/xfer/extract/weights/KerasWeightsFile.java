package dev.xfer.extract.weights;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Layer;
import dev.xfer.extract.arch.ModelLayer;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Keras weight files into a {@link WeightSet}. Like Keras, it matches the file's weight-bearing layers
 * to the architecture's in order and checks every shape, so files whose layer names differ from ours (the
 * official Keras 2 files name InceptionV3's layers {@code conv2d_1}...) load all the same.
 *
 * <ul>
 *   <li>Legacy layout (Keras 1 and 2, the official {@code *_notop.h5}): root attribute {@code layer_names},
 *       each layer group's attribute {@code weight_names}, datasets under the group by those names.</li>
 *   <li>Keras 3 {@code .weights.h5}: {@code layers/<class>[_k]/vars/<i>}, where the group is named after the
 *       layer's class and its rank among layers of that class in Keras order.</li>
 * </ul>
 */
public final class KerasWeightsFile {
    private KerasWeightsFile() {
    }

    public static WeightSet read(Path file, Architecture arch) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": weights file not found; pass an existing Keras .h5 file, "
                    + "'imagenet' or 'random'");
        }
        String sha;
        try {
            sha = Digests.sha256(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + "); check its permissions", e);
        }
        try (HdfFile h5 = new HdfFile(file)) {
            WeightSet.Builder b = new WeightSet.Builder(arch);
            if (h5.getAttribute("layer_names") != null) {
                readLegacy(h5, file, arch, b);
            } else if (h5.getChildren().get("layers") instanceof Group layers) {
                readKeras3(layers, file, arch, b);
            } else {
                throw new BadInputException(file + ": an HDF5 file but not Keras weights (no 'layer_names' "
                        + "attribute, no 'layers' group); save them with model.save_weights()");
            }
            return b.build(file.toAbsolutePath().normalize().toString(), sha);
        } catch (HdfException | IllegalArgumentException | ClassCastException e) {
            throw new BadInputException(file + ": not a readable HDF5 weights file (" + e.getMessage()
                    + "); the file may be truncated or of another format: download it again", e);
        }
    }

    private static void readLegacy(HdfFile h5, Path file, Architecture arch, WeightSet.Builder b) {
        List<String> fileLayers = new ArrayList<>();
        for (String name : H5Values.strings(h5.getAttribute("layer_names"))) {
            if (!H5Values.strings(((Group) h5.getByPath(name)).getAttribute("weight_names")).isEmpty()) {
                fileLayers.add(name);
            }
        }
        List<ModelLayer> ours = arch.modelLayers().stream().filter(ModelLayer::hasWeights).toList();
        requireCount(file, arch, fileLayers.size(), ours.size());
        for (int i = 0; i < ours.size(); i++) {
            Group g = (Group) h5.getByPath(fileLayers.get(i));
            List<Dataset> sets = new ArrayList<>();
            for (String w : H5Values.strings(g.getAttribute("weight_names"))) {
                sets.add((Dataset) g.getByPath(w));
            }
            ModelLayer m = ours.get(i);
            if (!m.nested()) {
                add(b, file, m.output(), fileLayers.get(i), sets);
                continue;
            }
            // a nested model's group holds its layers' trainable weights first, then the others (Keras'
            // _legacy_weights), each part in layer order
            Map<Layer, List<Dataset>> perLayer = new LinkedHashMap<>();
            m.members().forEach(l -> perLayer.put(l, new ArrayList<>(java.util.Collections.nCopies(
                    l.weightNames().size(), (Dataset) null))));
            int next = 0;
            for (boolean trainable : new boolean[] {true, false}) {
                for (Layer l : m.members()) {
                    List<String> names = l.weightNames();
                    for (int j = 0; j < names.size(); j++) {
                        if (l.isTrainableWeight(names.get(j)) == trainable && next < sets.size()) {
                            perLayer.get(l).set(j, sets.get(next++));
                        }
                    }
                }
            }
            if (next != sets.size() || perLayer.values().stream().anyMatch(v -> v.contains(null))) {
                throw new BadInputException(file + " does not fit this architecture: nested model " + m.name()
                        + " holds " + sets.size() + " weight tensors (file layer '" + fileLayers.get(i) + "'); pass "
                        + "the weights saved for " + arch.name());
            }
            for (Map.Entry<Layer, List<Dataset>> e : perLayer.entrySet()) {
                if (e.getKey().hasWeights()) {
                    add(b, file, e.getKey(), fileLayers.get(i), e.getValue());
                }
            }
        }
    }

    private static void readKeras3(Group layers, Path file, Architecture arch, WeightSet.Builder b) {
        long inFile = layers.getChildren().values().stream()
                .filter(n -> n instanceof Group g && (g.getChildren().get("vars") instanceof Group v
                        && !v.getChildren().isEmpty() || g.getChildren().get("layers") instanceof Group))
                .count();
        List<ModelLayer> weighted = arch.modelLayers().stream().filter(ModelLayer::hasWeights).toList();
        requireCount(file, arch, (int) inFile, weighted.size());
        Map<String, Integer> rank = new HashMap<>();
        for (ModelLayer m : arch.modelLayers()) {
            String key = key(rank, m.kerasClass());
            if (!m.hasWeights()) {
                continue;
            }
            if (!m.nested()) {
                readVars(layers, "layers/", key, m.output(), file, arch, b);
                continue;
            }
            // a nested model's layers are numbered afresh inside it: layers/sequential_1/layers/conv2d/vars
            Map<String, Integer> inner = new HashMap<>();
            for (Layer l : m.members()) {
                String k = key(inner, l.kerasClass());
                if (l.hasWeights()) {
                    readVars(layers, "layers/" + key + "/layers/", k, l, file, arch, b);
                }
            }
        }
    }

    /** Keras 3's name for the N-th layer of a class in a model: {@code conv2d}, {@code conv2d_1}, ... */
    private static String key(Map<String, Integer> rank, String kerasClass) {
        String cls = dev.xfer.extract.arch.KerasNames.snakeCase(kerasClass);
        int k = rank.merge(cls, 1, Integer::sum) - 1;
        return k == 0 ? cls : cls + "_" + k;
    }

    private static void readVars(Group root, String prefix, String key, Layer layer, Path file, Architecture arch,
                                 WeightSet.Builder b) {
        String path = (prefix + key).substring("layers/".length());
        Node vars = root.getByPath(path + "/vars");
        if (!(vars instanceof Group g)) {
            throw new BadInputException(file + ": no weights for layer " + layer.name() + " (expected group "
                    + prefix + key + "/vars); is this file for " + arch.name() + "?");
        }
        add(b, file, layer, prefix + key, H5Values.vars(g));
    }

    private static void add(WeightSet.Builder b, Path file, Layer layer, String fileLayer, List<Dataset> sets) {
        List<long[]> shapes = sets.stream().map(d -> Arrays.stream(d.getDimensions()).asLongStream().toArray())
                .toList();
        String problem = b.mismatch(layer, shapes);
        if (problem != null) {
            throw new BadInputException(file + " does not fit this architecture: layer " + layer.name() + " "
                    + problem + " (file layer '" + fileLayer + "'); pass the weights saved for this architecture");
        }
        List<WeightSet.Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            Dataset d = sets.get(i);
            tensors.add(new WeightSet.Tensor(shapes.get(i), H5Values.floats(d)));
        }
        b.put(layer, tensors);
    }

    private static void requireCount(Path file, Architecture arch, int inFile, int ours) {
        if (inFile != ours) {
            throw new BadInputException(file + " holds " + inFile + " layers with weights, " + arch.name()
                    + " without top has " + ours + ": it is the weights of another architecture (or with top); "
                    + "pass the " + arch.name() + " notop file");
        }
    }



}
