package dev.xfer.extract.graph;

import dev.xfer.common.Pooling;
import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Layer;
import dev.xfer.extract.arch.LayerSpec;
import dev.xfer.extract.weights.WeightSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow ops of one conv base: an {@code images} placeholder (float RGB 0..255, NHWC), the
 * architecture's preprocessing, every layer the cut depends on, pooling, and a {@code features} output.
 * Weights are variables named {@code <layer>/<weight>} (Keras' own names), filled once through
 * {@link #loadWeights} or, for extraction, fed with every run ({@link WeightTensors}); BatchNormalization always
 * runs in inference mode with its moving statistics.
 */
public final class BackboneGraph {
    /** A weight variable with the feed and assign ops that fill it. */
    public record WeightVariable(Layer layer, String weightName, long[] shape, Variable<TFloat32> variable,
                                 Placeholder<TFloat32> feed, Assign<TFloat32> assign, Operand<TFloat32> read) {
        /** {@code layer/weight}: the Keras name, unique in a model. */
        public String name() {
            return layer.name() + "/" + weightName;
        }

        public boolean trainable() {
            return layer.isTrainableWeight(weightName);
        }
    }

    private final Placeholder<TFloat32> images;
    private final Operand<TFloat32> featureMap;
    private final Operand<TFloat32> features;
    private final List<WeightVariable> variables;
    private final long[] featureShape;

    private BackboneGraph(Placeholder<TFloat32> images, Operand<TFloat32> featureMap, Operand<TFloat32> features,
                          List<WeightVariable> variables, long[] featureShape) {
        this.images = images;
        this.featureMap = featureMap;
        this.features = features;
        this.variables = variables;
        this.featureShape = featureShape;
    }

    public static BackboneGraph build(Ops tf, Architecture arch, String cut, Pooling pooling, int size) {
        return build(tf, arch, cut, pooling, size, UnaryOperator.identity());
    }

    /**
     * As {@link #build(Ops, Architecture, String, Pooling, int)}, with {@code beforePreprocessing} applied to the
     * images first (fine-tuning puts its augmentation there, so it sees pixels as the user's photos hold them).
     */
    public static BackboneGraph build(Ops tf, Architecture arch, String cut, Pooling pooling, int size,
                                      UnaryOperator<Operand<TFloat32>> beforePreprocessing) {
        Placeholder<TFloat32> images = tf.withName("images")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
        Operand<TFloat32> input = beforePreprocessing.apply(images);
        Map<String, long[]> shapes = arch.outputShapes(size);
        Map<String, Operand<TFloat32>> outputs = new HashMap<>();
        List<WeightVariable> vars = new ArrayList<>();
        List<Layer> needed = arch.layersUpTo(cut);
        for (Layer l : needed) {
            Ops s = scope(tf, l.name());
            List<Operand<TFloat32>> w = new ArrayList<>();
            for (LayerSpec.Weight spec : arch.weights(l, shapes)) {
                WeightVariable v = variable(s, l, spec.name(), spec.shape());
                vars.add(v);
                w.add(v.read());
            }
            List<Operand<TFloat32>> in = l.inbound().isEmpty() ? List.of(preprocess(tf, input, arch.preprocessing()))
                    : l.inbound().stream().map(outputs::get).toList();
            outputs.put(l.name(), LayerOps.apply(s, l.spec(), in, w, shapes.get(l.name())));
        }
        Layer last = needed.getLast();
        long[] hwc = shapes.get(last.name());
        Operand<TFloat32> map = outputs.get(last.name());
        // a cut whose output is already a vector (a model ending in global pooling) is taken as it is
        Pooling pool = hwc.length == 3 ? pooling : Pooling.NONE;
        long flat = java.util.Arrays.stream(hwc).reduce(1, (a, b) -> a * b);
        Operand<TFloat32> pooled = switch (pool) {
            case AVG -> tf.math.mean(map, tf.constant(new int[] {1, 2}));
            case MAX -> tf.max(map, tf.constant(new int[] {1, 2}));
            case FLATTEN -> tf.reshape(map, tf.constant(new long[] {-1, flat}));
            case NONE -> map;
        };
        long[] featureShape = switch (pool) {
            case AVG, MAX -> new long[] {hwc[2]};
            case FLATTEN -> new long[] {flat};
            case NONE -> hwc.clone();
        };
        return new BackboneGraph(images, map, tf.withName("features").identity(pooled), List.copyOf(vars),
                featureShape);
    }

    /**
     * The conv base of a graph imported from {@link GraphCache}: the same ops, found by the names {@code layout}
     * recorded when it was built.
     */
    static BackboneGraph imported(org.tensorflow.Graph g, Architecture arch, GraphCache.Layout layout) {
        List<WeightVariable> vars = new ArrayList<>();
        for (GraphCache.Var v : layout.variables()) {
            Layer l = arch.resolveLayer(v.layer());
            vars.add(new WeightVariable(l, v.weight(), v.shape(), new Variable<>(op(g, v.variable())),
                    new Placeholder<>(op(g, v.feed())), new Assign<>(op(g, v.assign())), op(g, v.read()).output(0)));
        }
        return new BackboneGraph(new Placeholder<>(op(g, "images")), op(g, layout.featureMap()).output(0),
                op(g, "features").output(0), List.copyOf(vars), layout.featureShape());
    }

    private static org.tensorflow.GraphOperation op(org.tensorflow.Graph g, String name) {
        org.tensorflow.GraphOperation o = g.operation(name);
        if (o == null) {
            throw new IllegalStateException("no op " + name + " in the kept graph");
        }
        return o;
    }

    /** The op names {@link GraphCache} records to find this conv base again in an imported graph. */
    GraphCache.Layout layout() {
        return new GraphCache.Layout(featureMap.op().name(), featureShape, GraphCache.vars(variables));
    }

    public Placeholder<TFloat32> images() {
        return images;
    }

    /** The cut layer's output before pooling, for heads that are stacked on the graph (fine-tuning). */
    public Operand<TFloat32> featureMap() {
        return featureMap;
    }

    public Operand<TFloat32> features() {
        return features;
    }

    public long[] featureShape() {
        return featureShape.clone();
    }

    public List<WeightVariable> variables() {
        return variables;
    }

    /** Fills every variable from {@code weights} in one run; only layers up to the cut have variables. */
    public void loadWeights(Session session, WeightSet weights) {
        try (WeightTensors t = WeightTensors.of(this, weights)) {
            t.assign(session);
        }
    }

    private static WeightVariable variable(Ops s, Layer l, String name, long[] shape) {
        Variable<TFloat32> var = s.withName(name).variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> feed = s.withName(name + "_feed")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        Assign<TFloat32> assign = s.withName(name + "_assign").assign(var, feed);
        return new WeightVariable(l, name, shape, var, feed, assign, s.withName(name + "_read").identity(var));
    }

    private static Operand<TFloat32> preprocess(Ops tf, Operand<TFloat32> x, Preprocessing p) {
        Ops s = tf.withSubScope("preprocess");
        return switch (p) {
            case CAFFE -> s.math.sub(s.reverse(x, s.constant(new int[] {3})),
                    s.constant(Preprocessing.CAFFE_MEAN_BGR));
            case TF -> s.math.sub(s.math.div(x, s.constant(127.5f)), s.constant(1f));
            case TORCH -> s.math.div(s.math.sub(s.math.div(x, s.constant(255f)), s.constant(Preprocessing.TORCH_MEAN)),
                    s.constant(Preprocessing.TORCH_STD));
            case NONE -> x;
        };
    }

    /** Keras layer names may hold '/' (SqueezeNet's fire2/squeeze1x1): one sub-scope per part. */
    private static Ops scope(Ops tf, String layerName) {
        Ops s = tf;
        for (String part : layerName.split("/")) {
            s = s.withSubScope(part);
        }
        return s;
    }

    private static int[] ints(List<Long> values) {
        return values.stream().mapToInt(Long::intValue).toArray();
    }
}
