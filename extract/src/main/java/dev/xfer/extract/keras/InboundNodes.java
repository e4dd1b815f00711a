package dev.xfer.extract.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The two formats of a config's inbound nodes, told apart by their structure: Keras 3's
 * {@code {"args": [...], "kwargs": {...}}} with tensors as {@code __keras_tensor__} objects holding their
 * {@code keras_history}, and Keras 2's {@code [[layer, node, tensor, kwargs], ...]}. Either way a tensor is
 * referred to as {@code [layer, node, tensor]}.
 */
final class InboundNodes {
    private InboundNodes() {
    }

    /** A node's arguments in order, tensors as their references, and the references alone in {@code refs}. */
    static void arguments(JsonNode node, List<Object> args, List<JsonNode> refs) {
        if (node.isObject() && node.has("args")) {
            walk(node.get("args"), args, refs);
            node.path("kwargs").forEach(v -> {
                if (v.isObject() && "__keras_tensor__".equals(v.path("class_name").asText())) {
                    walk(v, args, refs);
                }
            });
        } else if (node.isArray()) {
            for (JsonNode r : node) {
                if (!(r.isArray() && r.size() >= 3 && r.get(0).isTextual())) {
                    args.add(r.isNumber() ? (Object) (float) r.asDouble() : r); // a constant first operand
                    continue;
                }
                args.add(r);
                refs.add(r);
                // a Keras 2 TFOpLambda (x * 0.5) carries its second operand in the kwargs of its first
                JsonNode y = r.path(3).path("y");
                if (y.isNumber()) {
                    args.add((float) y.asDouble());
                } else if (y.isArray() && y.size() >= 3 && y.get(0).isTextual()) {
                    args.add(y);
                    refs.add(y);
                }
            }
        }
    }

    private static void walk(JsonNode n, List<Object> args, List<JsonNode> refs) {
        if (n.isObject() && "__keras_tensor__".equals(n.path("class_name").asText())) {
            JsonNode h = n.get("config").get("keras_history");
            args.add(h);
            refs.add(h);
        } else if (n.isArray()) {
            n.forEach(c -> walk(c, args, refs));
        } else if (n.isNumber()) {
            args.add((float) n.asDouble());
        } else {
            args.add(n);
        }
    }

    /** {@code input_layers}/{@code output_layers}: one {@code [name, node, tensor]} or a list of them. */
    static List<JsonNode> refs(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.size() > 0 && n.get(0).isTextual()) {
            out.add(n);
        } else {
            n.forEach(out::add);
        }
        return out;
    }
}
