package dev.xfer.extract.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xfer.extract.arch.Activation;
import dev.xfer.extract.arch.Arithmetic;
import dev.xfer.extract.arch.LayerSpec;
import dev.xfer.extract.arch.Padding;
import dev.xfer.extract.arch.WeightedSpec;
import java.util.Set;

/**
 * One Keras layer's {@code class_name} and {@code config} as a record of xfer's vocabulary, or null when xfer has
 * no such layer (the caller names it in its refusal). A config that asks for something the record cannot hold
 * (channels first, an RMS layer norm, an inverted Normalization) is refused with the reason.
 */
final class LayerConfigs {
    /** Layers that are the identity at inference. */
    private static final Set<String> IDENTITY = Set.of("Dropout", "SpatialDropout2D", "GaussianNoise",
            "GaussianDropout", "AlphaDropout", "ActivityRegularization", "StochasticDepth");

    private LayerConfigs() {
    }

    static LayerSpec spec(String cls, JsonNode c, boolean keras2) {
        if (c.path("data_format").asText("channels_last").equals("channels_first")) {
            throw new Unsupported("it is channels_first; xfer builds channels_last models");
        }
        if (IDENTITY.contains(cls)) {
            return new LayerSpec.Identity(cls);
        }
        return switch (cls) {
            case "Conv2D" -> {
                int[] k = pair(c.get("kernel_size"));
                int[] s = pair(c.get("strides"));
                yield new WeightedSpec.Conv2D(c.get("filters").asInt(), k[0], k[1], s[0], s[1],
                        dilation(c), padding(c), c.path("groups").asInt(1), c.path("use_bias").asBoolean(true),
                        activation(c, keras2));
            }
            case "DepthwiseConv2D" -> {
                int[] k = pair(c.get("kernel_size"));
                int[] s = pair(c.get("strides"));
                yield new WeightedSpec.DepthwiseConv2D(k[0], k[1], s[0], s[1], dilation(c), padding(c),
                        c.path("depth_multiplier").asInt(1), c.path("use_bias").asBoolean(true),
                        activation(c, keras2));
            }
            case "SeparableConv2D" -> {
                int[] k = pair(c.get("kernel_size"));
                int[] s = pair(c.get("strides"));
                yield new WeightedSpec.SeparableConv2D(c.get("filters").asInt(), k[0], k[1], s[0], s[1],
                        dilation(c), padding(c), c.path("depth_multiplier").asInt(1),
                        c.path("use_bias").asBoolean(true), activation(c, keras2));
            }
            case "Dense" -> new WeightedSpec.Dense(c.get("units").asInt(), c.path("use_bias").asBoolean(true),
                    activation(c, keras2));
            case "BatchNormalization" -> {
                lastAxis(c);
                yield new WeightedSpec.BatchNormalization((float) c.path("epsilon").asDouble(1e-3),
                        c.path("center").asBoolean(true), c.path("scale").asBoolean(true));
            }
            case "LayerNormalization" -> {
                lastAxis(c);
                if (c.path("rms_scaling").asBoolean(false)) {
                    throw new Unsupported("it uses rms_scaling");
                }
                yield new WeightedSpec.LayerNormalization((float) c.path("epsilon").asDouble(1e-3),
                        c.path("center").asBoolean(true), c.path("scale").asBoolean(true));
            }
            case "Normalization" -> {
                lastAxis(c);
                if (c.path("invert").asBoolean(false)) {
                    throw new Unsupported("it is an inverted Normalization");
                }
                JsonNode mean = c.get("mean");
                yield mean == null || mean.isNull() ? new WeightedSpec.Normalization(null, null)
                        : new WeightedSpec.Normalization(floats(mean), floats(c.get("variance")));
            }
            case "Rescaling" -> new LayerSpec.Rescaling(floats(c.get("scale")), floats(c.path("offset")));
            case "Activation" -> new LayerSpec.ActivationLayer(activation(c, keras2));
            case "ReLU" -> new LayerSpec.ReLU(c.path("max_value").isNumber()
                    ? (float) c.get("max_value").asDouble() : null,
                    (float) c.path("negative_slope").asDouble(0), (float) c.path("threshold").asDouble(0));
            case "Add" -> new LayerSpec.Merge(Arithmetic.ADD);
            case "Subtract" -> new LayerSpec.Merge(Arithmetic.SUBTRACT);
            case "Multiply" -> new LayerSpec.Merge(Arithmetic.MULTIPLY);
            case "Concatenate" -> new LayerSpec.Concatenate(c.path("axis").asInt(-1));
            case "ZeroPadding2D" -> {
                int[] p = sides(c.get("padding"));
                yield new LayerSpec.ZeroPadding2D(p[0], p[1], p[2], p[3]);
            }
            case "Cropping2D" -> {
                int[] p = sides(c.get("cropping"));
                yield new LayerSpec.Cropping2D(p[0], p[1], p[2], p[3]);
            }
            case "MaxPooling2D", "AveragePooling2D" -> {
                int[] k = pair(c.get("pool_size"));
                JsonNode st = c.get("strides");
                int[] s = st == null || st.isNull() ? k : pair(st);
                yield new LayerSpec.Pool2D(cls.startsWith("Max"), k[0], k[1], s[0], s[1], padding(c));
            }
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" ->
                    new LayerSpec.GlobalPool2D(cls.startsWith("GlobalMax"), c.path("keepdims").asBoolean(false));
            case "Reshape" -> {
                JsonNode t = c.get("target_shape");
                long[] target = new long[t.size()];
                for (int i = 0; i < target.length; i++) {
                    target[i] = t.get(i).asLong();
                }
                yield new LayerSpec.Reshape(target);
            }
            case "Flatten" -> new LayerSpec.Flatten();
            case "LayerScale" -> new LayerSpec.LayerScale((float) c.path("init_values").asDouble(1e-6));
            case "CustomScaleLayer" -> new LayerSpec.CustomScale((float) c.path("scale").asDouble());
            default -> null;
        };
    }

    /** A Keras 3 operator node's class ({@code keras.src.ops.numpy}): the arithmetic it applies, or null. */
    static Arithmetic operator(String cls) {
        return switch (cls) {
            case "Add" -> Arithmetic.ADD;
            case "Subtract" -> Arithmetic.SUBTRACT;
            case "Multiply" -> Arithmetic.MULTIPLY;
            case "TrueDivide", "Divide" -> Arithmetic.DIVIDE;
            default -> null;
        };
    }

    private static Activation activation(JsonNode c, boolean keras2) {
        JsonNode a = c.get("activation");
        if (a == null || a.isNull()) {
            return Activation.LINEAR;
        }
        if (!a.isTextual()) {
            throw new Unsupported("its activation is a custom object, not one of Keras' named activations");
        }
        return Activation.parse(a.asText(), keras2);
    }

    private static Padding padding(JsonNode c) {
        String p = c.path("padding").asText("valid");
        if (!p.equals("same") && !p.equals("valid")) {
            throw new Unsupported("its padding is '" + p + "'");
        }
        return Padding.parse(p);
    }

    private static int dilation(JsonNode c) {
        int[] d = pair(c.get("dilation_rate"));
        if (d[0] != d[1]) {
            throw new Unsupported("its dilation differs between height and width");
        }
        return d[0];
    }

    private static void lastAxis(JsonNode c) {
        JsonNode axis = c.get("axis");
        JsonNode a = axis != null && axis.isArray() ? (axis.size() == 1 ? axis.get(0) : null) : axis;
        if (a != null && !a.isNull() && a.asInt() != -1 && a.asInt() != 3) {
            throw new Unsupported("it normalises over axis " + axis + "; xfer normalises the channels (-1)");
        }
        if (a == null && axis != null) {
            throw new Unsupported("it normalises over axes " + axis + "; xfer normalises the channels (-1)");
        }
    }

    /** An int or a pair {@code [h, w]}. */
    private static int[] pair(JsonNode n) {
        if (n == null || n.isNull()) {
            return new int[] {1, 1};
        }
        return n.isArray() ? new int[] {n.get(0).asInt(), n.get(1).asInt()} : new int[] {n.asInt(), n.asInt()};
    }

    /** ZeroPadding2D's and Cropping2D's int, {@code [h, w]} or {@code [[top, bottom], [left, right]]}. */
    private static int[] sides(JsonNode n) {
        if (n.isArray() && n.get(0).isArray()) {
            return new int[] {n.get(0).get(0).asInt(), n.get(0).get(1).asInt(), n.get(1).get(0).asInt(),
                    n.get(1).get(1).asInt()};
        }
        int[] p = pair(n);
        return new int[] {p[0], p[0], p[1], p[1]};
    }

    private static float[] floats(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return new float[] {0f};
        }
        if (!n.isArray()) {
            return new float[] {(float) n.asDouble()};
        }
        float[] f = new float[n.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) n.get(i).asDouble();
        }
        return f;
    }

    /** A config xfer's record for the class cannot hold; the message says why, the caller names the layer. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why);
        }
    }
}
