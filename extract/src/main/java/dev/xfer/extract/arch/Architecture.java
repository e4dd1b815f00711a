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
    private final List<Layer> layers;
    private final Map<String, Layer> byName = new LinkedHashMap<>();
    private final int defaultSize;
    private final int minSize;
    private final Preprocessing preprocessing;
    private List<Layer> kerasOrder;

    Architecture(String name, List<Layer> layers, int defaultSize, int minSize, Preprocessing preprocessing) {
        this.name = name;
        this.layers = List.copyOf(layers);
        this.layers.forEach(l -> byName.put(l.name(), l));
        this.defaultSize = defaultSize;
        this.minSize = minSize;
        this.preprocessing = preprocessing;
    }

    public String name() {
        return name;
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

    /** Layers in the order they were written: each one after all of its inputs. */
    public List<Layer> layers() {
        return layers;
    }

    /** The last layer of the notop model: the default cut point. */
    public String outputLayer() {
        return layers.getLast().name();
    }

    /** Layers as Keras' {@code model.layers} lists them; the order weight files are matched in. */
    public synchronized List<Layer> kerasOrder() {
        if (kerasOrder == null) {
            kerasOrder = KerasOrder.of(layers, outputLayer());
        }
        return kerasOrder;
    }

    /** Layers with weights, in Keras order. */
    public List<Layer> weightedLayers() {
        return kerasOrder().stream().filter(Layer::hasWeights).toList();
    }

    /**
     * The layer called {@code requested}, or the output of a block named by its prefix
     * (SqueezeNet's {@code fire9} means {@code fire9/concat}); {@code null} means the default cut.
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

    /** Output shape of every layer for a square input of {@code size}: {height, width, channels}. */
    public Map<String, long[]> outputShapes(int size) {
        Map<String, long[]> shapes = new HashMap<>();
        for (Layer l : layers) {
            long[] in = l.inbound().isEmpty() ? new long[] {size, size, 3} : shapes.get(l.inbound().getFirst());
            shapes.put(l.name(), switch (l.kind()) {
                case INPUT, BATCH_NORM, ACTIVATION, DROPOUT -> in;
                case CONV2D -> new long[] {out(in[0], l.kernelH(), l.stride(), l.same()),
                        out(in[1], l.kernelW(), l.stride(), l.same()), l.filters()};
                case MAX_POOL, AVG_POOL -> new long[] {out(in[0], l.kernelH(), l.stride(), l.same()),
                        out(in[1], l.kernelW(), l.stride(), l.same()), in[2]};
                case CONCAT -> new long[] {in[0], in[1],
                        l.inbound().stream().mapToLong(n -> shapes.get(n)[2]).sum()};
            });
        }
        return shapes;
    }

    /** Input channels of a layer: what its weight shapes are computed from. */
    public long inChannels(Layer layer, Map<String, long[]> shapes) {
        return layer.inbound().isEmpty() ? 3 : shapes.get(layer.inbound().getFirst())[2];
    }

    private static long out(long in, int k, int stride, boolean same) {
        return same ? (in + stride - 1) / stride : Math.floorDiv(in - k, stride) + 1;
    }
}
