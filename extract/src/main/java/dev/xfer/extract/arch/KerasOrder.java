package dev.xfer.extract.arch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which Keras lists a functional model's layers ({@code model.layers}). It matters because Keras
 * matches the layers of a legacy h5 weights file to a model's layers by position in this order, not by name.
 *
 * <p>Keras walks the graph depth-first from the output, numbering layers as it first meets them; a layer's
 * depth is the longest path from it to the output; layers are listed deepest first, ties by that number.
 */
final class KerasOrder {
    private KerasOrder() {
    }

    static List<Layer> of(List<Layer> layers, String output) {
        Map<String, Layer> byName = new LinkedHashMap<>();
        layers.forEach(l -> byName.put(l.name(), l));
        Map<String, Integer> firstSeen = new HashMap<>();
        List<String> postOrder = new ArrayList<>();
        visit(byName, output, firstSeen, postOrder);

        Map<String, Integer> depth = new HashMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            String name = postOrder.get(i);
            int d = depth.getOrDefault(name, 0);
            depth.put(name, d);
            for (String parent : byName.get(name).inbound()) {
                depth.merge(parent, d + 1, Math::max);
            }
        }
        return postOrder.stream()
                .sorted(Comparator.<String>comparingInt(depth::get).reversed().thenComparing(firstSeen::get))
                .map(byName::get)
                .toList();
    }

    private static void visit(Map<String, Layer> byName, String name, Map<String, Integer> firstSeen,
                              List<String> postOrder) {
        if (postOrder.contains(name)) {
            return;
        }
        firstSeen.putIfAbsent(name, firstSeen.size());
        for (String in : byName.get(name).inbound()) {
            visit(byName, in, firstSeen, postOrder);
        }
        postOrder.add(name);
    }
}
