package dev.xfer.extract.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.extract.arch.Activation;
import dev.xfer.extract.arch.Layer;
import dev.xfer.extract.arch.LayerSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keras 2's config format, as tf.keras writes it: inbound nodes as {@code [[layer, node, tensor, kwargs]]}, a
 * nested model's call numbered 1 (its own construction is node 0), a shared layer, Keras 2's hard_sigmoid.
 * Keras 3's format is covered against Keras itself by KerasModelFileTest.
 */
class ModelGraphTest {
    private static final String CONV = "\"trainable\": true, \"dtype\": \"float32\", \"kernel_size\": [1, 1], "
            + "\"strides\": [1, 1], \"padding\": \"same\", \"data_format\": \"channels_last\", "
            + "\"dilation_rate\": [1, 1], \"groups\": 1, \"activation\": \"linear\", \"use_bias\": true";
    private static final String KERAS2 = """
            {"class_name": "Functional", "config": {"name": "model", "layers": [
             {"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [],
              "config": {"batch_input_shape": [null, 32, 32, 3], "dtype": "float32", "name": "input_1"}},
             {"class_name": "Conv2D", "name": "conv2d", "inbound_nodes": [[["input_1", 0, 0, {}]]],
              "config": {"name": "conv2d", "filters": 4, %1$s}},
             {"class_name": "Sequential", "name": "inner", "inbound_nodes": [[["conv2d", 0, 0, {}]]],
              "config": {"name": "inner", "layers": [
                {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 32, 32, 4], "name": "in2"}},
                {"class_name": "Conv2D", "config": {"name": "conv2d_1", "filters": 4, %1$s}}]}},
             {"class_name": "Conv2D", "name": "shared",
              "inbound_nodes": [[["inner", 1, 0, {}]], [["activation", 0, 0, {}]]],
              "config": {"name": "shared", "filters": 4, %1$s}},
             {"class_name": "Activation", "name": "activation", "inbound_nodes": [[["shared", 0, 0, {}]]],
              "config": {"name": "activation", "trainable": true, "dtype": "float32",
                         "activation": "hard_sigmoid"}},
             {"class_name": "Add", "name": "add", "inbound_nodes": [[["inner", 1, 0, {}], ["shared", 1, 0, {}]]],
              "config": {"name": "add", "trainable": true, "dtype": "float32"}}
            ], "input_layers": [["input_1", 0, 0]], "output_layers": [["add", 0, 0]]}}
            """.formatted(CONV);

    @Test
    void keras2NodesNestedModelsAndSharedLayers() throws Exception {
        ModelGraph g = ModelGraph.read(new ObjectMapper().readTree(KERAS2), "k2.h5", true);
        Map<String, List<String>> inbound = g.layers.stream()
                .collect(Collectors.toMap(Layer::name, Layer::inbound));
        assertEquals(Map.of("input_1", List.of(), "conv2d", List.of("input_1"), "inner/conv2d_1", List.of("conv2d"),
                "inner", List.of("inner/conv2d_1"), "shared", List.of("inner"), "activation", List.of("shared"),
                "shared_call1", List.of("activation"), "add", List.of("inner", "shared_call1")), inbound);
        assertEquals("add", g.output);
        assertEquals(32, g.inputSize);
        Layer act = g.layers.stream().filter(l -> l.name().equals("activation")).findFirst().orElseThrow();
        assertEquals(new LayerSpec.ActivationLayer(Activation.HARD_SIGMOID_KERAS2), act.spec());
        assertTrue(g.layers.stream().anyMatch(l -> l.spec() instanceof LayerSpec.Merge), "Add is a layer in Keras 2");
        ModelGraph.Weighted shared = g.weighted.get("conv2d_1");
        assertEquals(List.of("shared", "shared_call1"), shared.nodes());
        ModelGraph.Weighted inner = g.weighted.get("sequential/conv2d");
        assertEquals(List.of("inner", "conv2d_1"), inner.namePath());
        assertEquals(List.of("inner/conv2d_1"), inner.nodes());
    }

    /** A nested model called twice (calls numbered 1 and 2) and TFOpLambda operators, as tf.keras 2 writes them. */
    @Test
    void keras2NestedModelCalledTwiceAndTfOpLambdas() throws Exception {
        String config = """
                {"class_name": "Functional", "config": {"name": "model", "layers": [
                 {"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [],
                  "config": {"batch_input_shape": [null, null, null, 3], "dtype": "float32", "name": "input_1"}},
                 {"class_name": "Functional", "name": "block", "inbound_nodes": [[["input_1", 0, 0, {}]],
                                                                                 [["tf.math.multiply", 0, 0, {}]]],
                  "config": {"name": "block", "layers": [
                    {"class_name": "InputLayer", "name": "in2", "inbound_nodes": [],
                     "config": {"batch_input_shape": [null, null, null, 3], "name": "in2"}},
                    {"class_name": "Conv2D", "name": "c", "inbound_nodes": [[["in2", 0, 0, {}]]],
                     "config": {"name": "c", "filters": 3, %1$s}}],
                   "input_layers": [["in2", 0, 0]], "output_layers": [["c", 0, 0]]}},
                 {"class_name": "TFOpLambda", "name": "tf.math.multiply",
                  "inbound_nodes": [[["block", 1, 0, {"y": 0.5, "name": null}]]],
                  "config": {"name": "tf.math.multiply", "trainable": true, "dtype": "float32",
                             "function": "math.multiply"}},
                 {"class_name": "TFOpLambda", "name": "tf.__operators__.add",
                  "inbound_nodes": [[["block", 2, 0, {"y": ["block", 1, 0], "name": null}]]],
                  "config": {"name": "tf.__operators__.add", "trainable": true, "dtype": "float32",
                             "function": "__operators__.add"}}
                ], "input_layers": [["input_1", 0, 0]], "output_layers": [["tf.__operators__.add", 0, 0]]}}
                """.formatted(CONV);
        ModelGraph g = ModelGraph.read(new ObjectMapper().readTree(config), "k2.h5", true);
        Map<String, Layer> byName = g.layers.stream().collect(Collectors.toMap(Layer::name, l -> l));
        assertEquals(List.of("input_1"), byName.get("block/c").inbound());
        assertEquals(List.of("block"), byName.get("tf.math.multiply").inbound());
        assertEquals(new LayerSpec.ScalarOp(dev.xfer.extract.arch.Arithmetic.MULTIPLY, 0.5f, false),
                byName.get("tf.math.multiply").spec());
        assertEquals(List.of("tf.math.multiply"), byName.get("block_call1/c").inbound());
        assertEquals(List.of("block_call1", "block"), byName.get("tf.__operators__.add").inbound());
        assertEquals(new LayerSpec.OpNode(dev.xfer.extract.arch.Arithmetic.ADD),
                byName.get("tf.__operators__.add").spec());
        assertEquals(null, g.inputSize);
        assertEquals(List.of("block/c", "block_call1/c"), g.weighted.get("functional/conv2d").nodes());
    }

    @Test
    void aCustomLayerIsRefusedInOneLineNamingIt() throws Exception {
        String custom = KERAS2.replace("\"class_name\": \"Activation\"", "\"class_name\": \"MyGate\"");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ModelGraph.read(new ObjectMapper().readTree(custom), "k2.h5", true));
        assertTrue(e.getMessage().startsWith("k2.h5: layer 'activation' (MyGate) is not in xfer's layer vocabulary"),
                e.getMessage());
        assertTrue(e.getMessage().contains("SavedModel") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
