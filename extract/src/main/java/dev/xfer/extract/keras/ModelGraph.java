package dev.xfer.extract.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xfer.common.BadInputException;
import dev.xfer.extract.arch.Arithmetic;
import dev.xfer.extract.arch.KerasNames;
import dev.xfer.extract.arch.Layer;
import dev.xfer.extract.arch.LayerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras model config ({@code config.json}, or an h5's {@code model_config}) as a flat list of layers of xfer's
 * vocabulary. Nested models are inlined under their name ({@code inner/conv2d}), and the nested model's own name
 * stays a cut point (an identity on its output). A layer called more than once becomes one node per call
 * ({@code shared}, {@code shared_call1}) whose weights are the same. Both inbound-node formats are read, told
 * apart by their structure: Keras 3's {@code {"args": [...], "kwargs": {...}}} and Keras 2's
 * {@code [[layer, node, tensor, kwargs], ...]}.
 */
final class ModelGraph {
    /** A layer holding weights: where its weights are in each file layout and the nodes that use them. */
    record Weighted(List<String> keras3Path, List<String> namePath, List<String> nodes) {
    }

    private static final Set<String> MODELS = Set.of("Sequential", "Functional", "Model");

    private final String file;
    private final boolean keras2;
    final List<Layer> layers = new ArrayList<>();
    final Map<String, Weighted> weighted = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    /** The fixed square input side, or null when the model takes any size. */
    Integer inputSize;
    String output;
    String modelName;

    private ModelGraph(String file, boolean keras2) {
        this.file = file;
        this.keras2 = keras2;
    }

    static ModelGraph read(JsonNode model, String file, boolean keras2) {
        ModelGraph g = new ModelGraph(file, keras2);
        String cls = model.path("class_name").asText();
        if (!MODELS.contains(cls)) {
            throw new BadInputException(file + ": the model is a " + cls + ", not a Sequential or Functional "
                    + "model; export it as a SavedModel (model.export(DIR)) and pass that folder as --backbone DIR");
        }
        g.modelName = model.path("config").path("name").asText("model");
        List<String> out = g.inline(model, "", null, List.of(), List.of());
        if (out.size() != 1) {
            throw new BadInputException(file + ": the model has " + out.size() + " outputs; xfer takes models "
                    + "with one (cut it with --layer, or export the part you need)");
        }
        g.output = out.getFirst();
        return g;
    }

    /** Adds a model's layers; {@code inputs} null for the top model. Returns the names of its outputs. */
    private List<String> inline(JsonNode model, String prefix, List<String> inputs, List<String> k3, List<String> path) {
        return model.path("class_name").asText().equals("Sequential")
                ? List.of(sequential(model.get("config"), prefix, inputs, k3, path))
                : functional(model.get("config"), prefix, inputs, k3, path);
    }

    private String sequential(JsonNode config, String prefix, List<String> inputs, List<String> k3,
                              List<String> path) {
        String x = inputs == null ? null : inputs.getFirst();
        Map<String, Integer> counters = new HashMap<>();
        for (JsonNode e : config.get("layers")) {
            String cls = e.path("class_name").asText();
            if (cls.equals("InputLayer")) {
                if (x == null) {
                    x = input(prefix + e.get("config").path("name").asText("input_layer"), e.get("config"));
                }
                continue;
            }
            if (x == null) {
                x = input(prefix + "input_layer", e.get("config"));
            }
            String name = e.get("config").path("name").asText();
            x = call(e, name, 0, prefix, List.of(x), List.of(), append(k3, counted(counters, cls)),
                    append(path, name));
        }
        return x;
    }

    private List<String> functional(JsonNode config, String prefix, List<String> inputs, List<String> k3,
                                    List<String> path) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        Map<String, Integer> counters = new HashMap<>();
        for (JsonNode e : config.get("layers")) {
            String name = e.has("name") ? e.get("name").asText() : e.get("config").path("name").asText();
            entries.put(name, e);
            if (!isOperator(e)) {
                keys.put(name, counted(counters, e.path("class_name").asText()));
            }
        }
        Map<String, Integer> offsets = offsets(entries, config.get("output_layers"));
        Map<String, String> tensors = new HashMap<>();
        List<JsonNode> in = InboundNodes.refs(config.get("input_layers"));
        if (inputs != null && inputs.size() != in.size()) {
            throw new BadInputException(file + ": nested model " + prefix + " takes " + in.size() + " inputs, "
                    + "called with " + inputs.size());
        }
        for (int i = 0; i < in.size(); i++) {
            String name = in.get(i).get(0).asText();
            tensors.put(name + "|0|0", inputs != null ? inputs.get(i)
                    : input(prefix + name, entries.get(name).get("config")));
        }
        // calls in an order where each comes after its inputs: a shared layer's second call may follow layers
        // that come after the layer itself in the config
        List<Object[]> pending = new ArrayList<>();
        for (var en : entries.entrySet()) {
            JsonNode nodes = en.getValue().path("inbound_nodes");
            for (int k = 0; k < nodes.size(); k++) {
                pending.add(new Object[] {en.getKey(), k, nodes.get(k)});
            }
        }
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Object[] p = it.next();
                String name = (String) p[0];
                int k = (Integer) p[1];
                List<Object> args = new ArrayList<>();
                List<JsonNode> refs = new ArrayList<>();
                InboundNodes.arguments((JsonNode) p[2], args, refs);
                List<String> ins = new ArrayList<>();
                for (JsonNode r : refs) {
                    String t = resolve(r, offsets, tensors);
                    if (t == null) {
                        break;
                    }
                    ins.add(t);
                }
                if (ins.size() < refs.size()) {
                    continue;
                }
                JsonNode e = entries.get(name);
                tensors.put(name + "|" + k + "|0", call(e, name, k, prefix, ins, args,
                        keys.containsKey(name) ? append(k3, keys.get(name)) : k3, append(path, name)));
                it.remove();
                progress = true;
            }
            if (!progress) {
                throw new BadInputException(file + ": layer '" + pending.getFirst()[0] + "' takes a tensor no "
                        + "layer of the model makes; the config is damaged or of a format xfer does not read");
            }
        }
        List<String> outs = new ArrayList<>();
        for (JsonNode r : InboundNodes.refs(config.get("output_layers"))) {
            outs.add(resolve(r, offsets, tensors));
        }
        return outs;
    }

    /** The node a reference {@code [layer, node, tensor]} names, {@code offsets} taken off its node index. */
    private String resolve(JsonNode ref, Map<String, Integer> offsets, Map<String, String> tensors) {
        String layer = ref.get(0).asText();
        if (ref.get(2).asInt() != 0) {
            throw new BadInputException(file + ": layer '" + layer + "' has several outputs; xfer builds layers "
                    + "with one");
        }
        return tensors.get(layer + "|" + (ref.get(1).asInt() - offsets.getOrDefault(layer, 0)) + "|0");
    }

    /**
     * How much to take off references to each nested model's calls. Keras 2 numbers a nested model's calls from 1
     * when the model has its own input layer (its construction is node 0), Keras 3 from 0: a reference past the
     * last call listed, or (Keras 2) none to call 0 of a model with an input of its own, means numbering from 1.
     */
    private Map<String, Integer> offsets(Map<String, JsonNode> entries, JsonNode outputs) {
        Map<String, List<Integer>> used = new HashMap<>();
        List<JsonNode> all = new ArrayList<>(InboundNodes.refs(outputs));
        for (JsonNode e : entries.values()) {
            for (JsonNode node : e.path("inbound_nodes")) {
                List<Object> args = new ArrayList<>();
                InboundNodes.arguments(node, args, all);
            }
        }
        all.forEach(r -> used.computeIfAbsent(r.get(0).asText(), x -> new ArrayList<>()).add(r.get(1).asInt()));
        Map<String, Integer> offsets = new HashMap<>();
        for (var en : entries.entrySet()) {
            JsonNode e = en.getValue();
            List<Integer> nodes = used.getOrDefault(en.getKey(), List.of());
            if (!MODELS.contains(e.path("class_name").asText()) || nodes.isEmpty()) {
                continue;
            }
            int calls = e.path("inbound_nodes").size();
            boolean ownInput = e.path("config").has("input_layers") || e.path("config").path("layers").path(0)
                    .path("class_name").asText().equals("InputLayer");
            if (nodes.stream().anyMatch(n -> n >= calls) || keras2 && ownInput && !nodes.contains(0)) {
                offsets.put(en.getKey(), 1);
            }
        }
        return offsets;
    }

    /** Adds one call of a layer (or of a nested model); returns the name of the node holding its output. */
    private String call(JsonNode e, String name, int k, String prefix, List<String> ins, List<Object> args,
                        List<String> k3, List<String> path) {
        String cls = e.path("class_name").asText();
        String node = unique(prefix + name + (k == 0 ? "" : "_call" + k));
        if (isOperator(e)) {
            Arithmetic op = operator(e);
            if (op == null) {
                throw refuse(name, "operator " + cls);
            }
            if (ins.size() == 2) {
                return add(new Layer(node, ins, new LayerSpec.OpNode(op)));
            }
            Object constant = args.stream().filter(a -> a instanceof Float).findFirst().orElse(null);
            if (ins.size() != 1 || args.size() != 2 || constant == null) {
                throw refuse(name, "operator " + cls + " with these arguments");
            }
            return add(new Layer(node, ins, new LayerSpec.ScalarOp(op, (Float) constant, args.get(0) == constant)));
        }
        if (MODELS.contains(cls)) {
            List<String> outs = inline(e, node + "/", ins, k3, path);
            if (outs.size() != 1) {
                throw new BadInputException(file + ": nested model '" + name + "' has " + outs.size()
                        + " outputs; xfer inlines nested models with one");
            }
            return add(new Layer(node, outs, new LayerSpec.Identity(cls)));
        }
        LayerSpec spec;
        try {
            spec = LayerConfigs.spec(cls, e.get("config"), keras2);
        } catch (LayerConfigs.Unsupported u) {
            throw new BadInputException(file + ": layer '" + name + "' (" + cls + ") is not one xfer can build: "
                    + u.getMessage() + "; export the model as a SavedModel (model.export(DIR)) and pass that "
                    + "folder as --backbone DIR; nothing was written");
        } catch (RuntimeException r) {
            if (r instanceof BadInputException b) {
                throw new BadInputException(file + ": layer '" + name + "' (" + cls + "): " + b.getMessage());
            }
            throw new BadInputException(file + ": layer '" + name + "' (" + cls + ") has a config xfer cannot "
                    + "read (" + r + "); export the model as a SavedModel (model.export(DIR)) and pass that "
                    + "folder as --backbone DIR; nothing was written");
        }
        if (spec == null) {
            throw refuse(name, cls);
        }
        Layer layer = new Layer(node, ins, spec);
        add(layer);
        if (layer.hasWeights()) {
            weighted.computeIfAbsent(String.join("/", k3), x -> new Weighted(k3, path, new ArrayList<>()))
                    .nodes().add(node);
        }
        return node;
    }

    private BadInputException refuse(String name, String cls) {
        return new BadInputException(file + ": layer '" + name + "' (" + cls + ") is not in xfer's layer "
                + "vocabulary; export the model as a SavedModel (model.export(DIR)) and pass that folder as "
                + "--backbone DIR; nothing was written");
    }

    private String input(String name, JsonNode config) {
        JsonNode shape = config.has("batch_shape") ? config.get("batch_shape") : config.get("batch_input_shape");
        if (shape == null || shape.size() != 4) {
            throw new BadInputException(file + ": the model's input " + (shape == null ? "has no shape"
                    : "has shape " + shape) + "; xfer feeds images (batch, height, width, 3)");
        }
        if (shape.get(3).asInt() != 3) {
            throw new BadInputException(file + ": the model takes " + shape.get(3) + " channels; xfer feeds RGB "
                    + "images (3 channels, last)");
        }
        JsonNode h = shape.get(1);
        JsonNode w = shape.get(2);
        if (!h.isNull() || !w.isNull()) {
            if (h.isNull() || w.isNull() || h.asInt() != w.asInt()) {
                throw new BadInputException(file + ": the model's input is " + h + " x " + w + "; xfer feeds "
                        + "square images (fixed or any size)");
            }
            inputSize = h.asInt();
        }
        return add(new Layer(unique(name), List.of(), new LayerSpec.Input()));
    }

    private String add(Layer l) {
        layers.add(l);
        return l.name();
    }

    private String unique(String name) {
        String n = name;
        for (int i = 1; !names.add(n); i++) {
            n = name + "_" + i;
        }
        return n;
    }

    /**
     * Whether an entry is an operator node ({@code x * 0.5}) rather than a layer: their class names collide with
     * merge layers'. A {@code .keras} config says so in {@code module}; a Keras 3 h5's has no module, and there an
     * operator's config holds only its name where a layer's holds its dtype and trainable flag.
     */
    private boolean isOperator(JsonNode e) {
        if (keras2) {
            // Keras 2's operators are TFOpLambda layers; its Add, Multiply... are merge layers
            return e.path("class_name").asText().equals("TFOpLambda") && operator(e) != null;
        }
        String module = e.path("module").asText("");
        if (!module.isEmpty()) {
            return module.startsWith("keras.src.ops") || module.startsWith("keras.ops");
        }
        JsonNode c = e.path("config");
        return LayerConfigs.operator(e.path("class_name").asText()) != null && !c.has("dtype")
                && !c.has("trainable");
    }

    /** The arithmetic of an operator node: Keras 3's by class, Keras 2's TFOpLambda by its function. */
    private static Arithmetic operator(JsonNode e) {
        String cls = e.path("class_name").asText();
        if (!cls.equals("TFOpLambda")) {
            return LayerConfigs.operator(cls);
        }
        return switch (e.path("config").path("function").asText()) {
            case "math.add", "__operators__.add" -> Arithmetic.ADD;
            case "math.subtract" -> Arithmetic.SUBTRACT;
            case "math.multiply" -> Arithmetic.MULTIPLY;
            case "math.truediv", "math.divide" -> Arithmetic.DIVIDE;
            default -> null;
        };
    }

    /** Keras 3's weight-file key: the snake_case class, numbered among the model's layers of that class. */
    private static String counted(Map<String, Integer> counters, String cls) {
        String key = KerasNames.snakeCase(cls);
        int n = counters.merge(key, 1, Integer::sum) - 1;
        return n == 0 ? key : key + "_" + n;
    }

    private static List<String> append(List<String> l, String s) {
        List<String> out = new ArrayList<>(l);
        out.add(s);
        return List.copyOf(out);
    }
}
