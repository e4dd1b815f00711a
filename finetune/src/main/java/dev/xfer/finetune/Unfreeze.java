package dev.xfer.finetune;

import dev.xfer.common.BadInputException;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Layer;
import dev.xfer.extract.arch.LayerSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which conv-base layers train, counted as Keras' {@code model.layers} lists them (so {@code --freeze-first 249}
 * means what {@code for layer in model.layers[:249]: layer.trainable = False} means): from a named layer on, the
 * last N layers, or all but the first N. Only layers the cut depends on count.
 *
 * @param mode  from, top, first or none (head only)
 * @param layer the layer for {@code from}: a full name, or a block prefix (SqueezeNet's {@code fire8})
 * @param count N for {@code top} and {@code first}
 */
public record Unfreeze(String mode, String layer, int count) {

    public static Unfreeze headOnly() {
        return new Unfreeze("none", null, 0);
    }

    public static Unfreeze from(String layer) {
        return new Unfreeze("from", layer, 0);
    }

    /** The one of the three options that is set, or head only; two at once is a usage error. */
    public static Unfreeze of(String from, Integer top, Integer first) {
        int set = (from != null ? 1 : 0) + (top != null ? 1 : 0) + (first != null ? 1 : 0);
        if (set > 1) {
            throw new BadInputException("pass one of --unfreeze-from, --unfreeze-top, --freeze-first");
        }
        if (from != null) {
            return from(from);
        }
        if (top != null || first != null) {
            int n = top != null ? top : first;
            if (n < 0) {
                throw new BadInputException("--unfreeze-top / --freeze-first must be 0 or more, got " + n);
            }
            return new Unfreeze(top != null ? "top" : "first", null, n);
        }
        return headOnly();
    }

    /** Names of the layers whose weights train, in Keras order. */
    public Set<String> trainableLayers(Architecture arch, String cut) {
        Set<String> needed = new LinkedHashSet<>();
        arch.layersUpTo(cut).forEach(l -> needed.add(l.name()));
        List<Layer> order = arch.kerasOrder().stream().filter(l -> needed.contains(l.name())).toList();
        int start = switch (mode) {
            case "none" -> order.size();
            case "top" -> Math.max(0, order.size() - count);
            case "first" -> Math.min(order.size(), count);
            default -> indexOf(order, arch, cut);
        };
        Set<String> out = new LinkedHashSet<>();
        order.subList(start, order.size()).forEach(l -> out.add(l.name()));
        return out;
    }

    /**
     * Where training starts for {@code --unfreeze-from}: a block's name or its output layer means the whole block
     * (SqueezeNet's {@code fire8} or {@code fire8/concat} from {@code fire8/squeeze1x1}; InceptionV3's
     * {@code mixed9} from the first layer after {@code mixed8}, as Keras' fine-tuning example counts it); a prefix
     * ({@code block5}) means its first layer; any other layer name means that layer.
     */
    private int indexOf(List<Layer> order, Architecture arch, String cut) {
        for (int i = 0; i < order.size(); i++) {
            Layer l = order.get(i);
            if (l.name().equals(layer) || l.name().equals(layer + "/concat")) {
                return l.spec() instanceof LayerSpec.Concatenate ? blockStart(order, i, arch) : i;
            }
        }
        for (int i = 0; i < order.size(); i++) {
            String n = order.get(i).name();
            if (n.startsWith(layer + "/") || n.startsWith(layer + "_")) {
                return i;
            }
        }
        boolean exists = arch.layers().stream().anyMatch(l -> l.name().equals(layer) || l.name().startsWith(layer + "/")
                || l.name().startsWith(layer + "_"));
        throw new BadInputException("--unfreeze-from " + layer + ": " + (exists ? "it comes after the cut layer "
                + cut + ", so nothing before the head would train; pick an earlier layer"
                : "no such layer in " + arch.name() + "; run 'xfer backbone summary " + arch.name() + "'"));
    }

    /**
     * The first layer of the block that ends at {@code end}: the one after the block's input, which is the latest
     * layer outside the block (its name does not start with the block's) that every path into the block passes
     * through: {@code mixed8} for {@code mixed9}, {@code max_pooling2d_1} for {@code mixed0}, {@code fire7/concat}
     * for {@code fire8}, {@code pool1} for {@code fire2}.
     */
    private static int blockStart(List<Layer> order, int end, Architecture arch) {
        Map<String, Set<String>> ancestors = new HashMap<>();
        for (Layer l : arch.layers()) {
            Set<String> a = new HashSet<>();
            for (String in : l.inbound()) {
                a.add(in);
                a.addAll(ancestors.get(in));
            }
            ancestors.put(l.name(), a);
        }
        String block = order.get(end).name().replaceAll("/concat$", "");
        Set<String> inBlock = ancestors.get(order.get(end).name());
        for (int i = end - 1; i >= 0; i--) {
            String x = order.get(i).name();
            if (!inBlock.contains(x) || x.startsWith(block)) {
                continue;
            }
            Set<String> before = ancestors.get(x);
            boolean dominates = inBlock.stream().allMatch(a -> a.equals(x) || before.contains(a)
                    || ancestors.get(a).contains(x));
            if (dominates) {
                return i + 1;
            }
        }
        return 0;
    }

    /** For head.json and messages. */
    public String describe() {
        return switch (mode) {
            case "none" -> "head only";
            case "from" -> "from " + layer;
            case "top" -> "top " + count + " layers";
            default -> "all but the first " + count + " layers";
        };
    }
}
