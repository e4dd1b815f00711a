package dev.xfer.extract.arch;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Preprocessing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A conv base without its classifier: its layers in the order they were written (every layer after its
 * inputs), its default and smallest input size, and the preprocessing its weights were trained with.
 */
public final class Architecture {
    private final String name;
    private final String kerasName;
    private final List<Layer> layers;
    private final Map<String, Layer> byName = new LinkedHashMap<>();
    private final int defaultSize;
    private final int minSize;
    private final Preprocessing preprocessing;
    private List<Layer> kerasOrder;
    private List<ModelLayer> modelLayers;

    Architecture(String name, List<Layer> layers, int defaultSize, int minSize, Preprocessing preprocessing) {
        this(name, name, layers, defaultSize, minSize, preprocessing);
    }

    private Architecture(String name, String kerasName, List<Layer> layers, int defaultSize, int minSize,
                         Preprocessing preprocessing) {
        this.name = name;
        this.kerasName = kerasName;
        this.layers = List.copyOf(layers);
        this.layers.forEach(l -> byName.put(l.name(), l));
        this.defaultSize = defaultSize;
        this.minSize = minSize;
        this.preprocessing = preprocessing;
    }

    /**
     * A network read from elsewhere (a Keras model file): its layers, each after its inputs, the first one the
     * input. Built-in families are written with {@code ArchitectureBuilder} instead.
     */
    public static Architecture of(String name, List<Layer> layers, int defaultSize, int minSize,
                                  Preprocessing preprocessing) {
        Map<String, Layer> seen = new HashMap<>();
        for (Layer l : layers) {
            for (String in : l.inbound()) {
                if (!seen.containsKey(in)) {
                    throw new IllegalArgumentException("layer " + l.name() + " takes " + in + ", not before it");
                }
            }
            if (seen.put(l.name(), l) != null) {
                throw new IllegalArgumentException("two layers named " + l.name());
            }
        }
        return new Architecture(name, layers, defaultSize, minSize, preprocessing);
    }

    /** xfer's name for it ({@code resnet50_v2}), as users type it and provenance records it. */
    public String name() {
        return name;
    }

    /** The name Keras gives the model ({@code resnet50v2}, {@code MobileNetV3Small}), as its summary prints it. */
    public String kerasName() {
        return kerasName;
    }

    /** The same network under xfer's name for it. */
    Architecture named(String xferName) {
        return xferName.equals(name) ? this
                : new Architecture(xferName, kerasName, layers, defaultSize, minSize, preprocessing);
    }

    public int defaultSize() {
        return defaultSize;
    }

    public int minSize() {
        return minSize;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /**
     * Whether the network normalises pixels itself (EfficientNet, MobileNetV3: a Rescaling layer after the input),
     * so it takes 0..255 values as they are.
     */
    public boolean preprocessesInside() {
        return layers.stream().anyMatch(l -> l.spec() instanceof LayerSpec.Rescaling
                || l.spec() instanceof WeightedSpec.Normalization n && n.mean() != null);
    }

    /** Layers in the order they were written: each one after all of its inputs. */
    public List<Layer> layers() {
        return layers;
    }

    /** The last layer of the notop model: the default cut point. */
    public String outputLayer() {
        return layers.getLast().name();
    }

    /**
     * Layers as Keras' {@code model.layers} lists them, a nested model's layers in its place: the order weights are
     * drawn and matched in.
     */
    public synchronized List<Layer> kerasOrder() {
        if (kerasOrder == null) {
            kerasOrder = modelLayers().stream().flatMap(m -> m.members().stream()).toList();
        }
        return kerasOrder;
    }

    /**
     * Keras' {@code model.layers}: a nested Sequential model is one entry. Keras orders a functional model's
     * operations by depth, operator nodes and nested models included; operator nodes are then left out (they are
     * not layers).
     */
    public synchronized List<ModelLayer> modelLayers() {
        if (modelLayers == null) {
            Map<String, List<Layer>> groups = new LinkedHashMap<>();
            Map<String, String> outerName = new HashMap<>();
            for (Layer l : layers) {
                if (l.group() != null) {
                    groups.computeIfAbsent(l.group(), g -> new ArrayList<>()).add(l);
                    outerName.put(l.name(), l.group());
                }
            }
            // each nested model as one node, taking its first layer's inputs, its last layer's output
            List<Layer> collapsed = new ArrayList<>();
            for (Layer l : layers) {
                List<String> in = l.inbound().stream().map(n -> outerName.getOrDefault(n, n)).distinct().toList();
                if (l.group() == null) {
                    collapsed.add(new Layer(l.name(), in, l.spec()));
                } else if (groups.get(l.group()).getFirst() == l) {
                    collapsed.add(new Layer(l.group(), in, new LayerSpec.Identity("Sequential")));
                }
            }
            List<ModelLayer> out = new ArrayList<>();
            for (Layer l : KerasOrder.of(collapsed, outerName.getOrDefault(outputLayer(), outputLayer()))) {
                if (groups.containsKey(l.name())) {
                    out.add(new ModelLayer(l.name(), groups.get(l.name()), true));
                } else if (l.spec().isLayer()) {
                    out.add(ModelLayer.of(byName.get(l.name())));
                }
            }
            modelLayers = List.copyOf(out);
        }
        return modelLayers;
    }

    /** Layers with weights, in Keras order. */
    public List<Layer> weightedLayers() {
        return kerasOrder().stream().filter(Layer::hasWeights).toList();
    }

    /**
     * The layer called {@code requested}, the output of a block named by its prefix (SqueezeNet's {@code fire9}
     * means {@code fire9/concat}) or of a nested model ({@code convnext_tiny_stem}); {@code null} means the
     * default cut.
     */
    public Layer resolveLayer(String requested) {
        if (requested == null || requested.isBlank()) {
            return byName.get(outputLayer());
        }
        Layer exact = byName.get(requested);
        if (exact != null) {
            return exact;
        }
        Layer blockOutput = byName.get(requested + "/concat");
        if (blockOutput != null) {
            return blockOutput;
        }
        for (Layer l : layers.reversed()) {
            if (requested.equals(l.group())) {
                return l; // a nested model's output: its last layer's
            }
        }
        List<String> near = layers.stream().map(Layer::name)
                .filter(n -> n.startsWith(requested) || requested.startsWith(n.replaceAll("_\\d+$", "")))
                .limit(5).toList();
        throw new BadInputException("unknown layer '" + requested + "' in " + name
                + (near.isEmpty() ? "" : " (similar: " + String.join(", ", near) + ")")
                + ": run 'xfer backbone summary " + name + "' to list its layers");
    }

    /** The layers the output of {@code cut} depends on, itself included, in written order. */
    public List<Layer> layersUpTo(String cut) {
        Set<String> needed = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>(List.of(resolveLayer(cut).name()));
        while (!stack.isEmpty()) {
            String n = stack.removeLast();
            if (needed.add(n)) {
                stack.addAll(byName.get(n).inbound());
            }
        }
        return layers.stream().filter(l -> needed.contains(l.name())).toList();
    }

    /** Checks an input size against the architecture's minimum; the message says what to use instead. */
    public int checkSize(Integer requested) {
        int size = requested == null ? defaultSize : requested;
        if (size < minSize) {
            throw new BadInputException("input size " + size + " is too small for " + name + ": use --image-size "
                    + minSize + " or more (default " + defaultSize + ")");
        }
        return size;
    }

    /** Output shape of every layer for a square input of {@code size}, without the batch: {height, width, channels}. */
    public Map<String, long[]> outputShapes(int size) {
        Map<String, long[]> shapes = new HashMap<>();
        for (Layer l : layers) {
            shapes.put(l.name(), l.spec().outputShape(inputShapes(l, shapes, size)));
        }
        return shapes;
    }

    /** The shapes a layer takes, from the output shapes of the layers before it (the image for the input). */
    public List<long[]> inputShapes(Layer layer, Map<String, long[]> shapes, int size) {
        return layer.inbound().isEmpty() ? List.of(new long[] {size, size, 3})
                : layer.inbound().stream().map(shapes::get).toList();
    }

    /** A layer's weights, their shapes following its inputs' shapes in {@code shapes}. */
    public List<LayerSpec.Weight> weights(Layer layer, Map<String, long[]> shapes) {
        return layer.spec().weights(inputShapes(layer, shapes, defaultSize));
    }
}
