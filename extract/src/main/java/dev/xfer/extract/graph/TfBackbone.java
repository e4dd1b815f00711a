package dev.xfer.extract.graph;

import dev.xfer.common.Backbone;
import dev.xfer.common.Provenance;
import dev.xfer.common.XferVersion;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.weights.WeightSet;
import dev.xfer.extract.weights.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;

/**
 * A built-in conv base running in a TensorFlow session of its own. Its weights are fed with every run
 * ({@link WeightTensors}); the variables are filled only when the session is handed out (to export it).
 */
public final class TfBackbone implements Backbone {
    private final Graph graph;
    private final Session session;
    private final BackboneGraph ops;
    private final WeightTensors weights;
    private final Provenance provenance;
    private final int size;
    private boolean assigned;

    private TfBackbone(Graph graph, Session session, BackboneGraph ops, WeightTensors weights, Provenance provenance,
                       int size) {
        this.graph = graph;
        this.session = session;
        this.ops = ops;
        this.weights = weights;
        this.provenance = provenance;
        this.size = size;
    }

    /** Validates the spec, reads the weights, builds the graph and prepares its weights. */
    public static TfBackbone build(BackboneSpec spec) {
        Architecture arch = Architectures.get(spec.arch());
        int size = arch.checkSize(spec.imageSize());
        String cut = arch.resolveLayer(spec.layer()).name();
        // TensorFlow's native library takes most of a second to load: on a core of its own while the weights are
        // read or drawn, which takes a quarter to a third of a second for InceptionV3
        Thread loading = Thread.ofPlatform().daemon().name("xfer-tensorflow-load").start(TfBackbone::loadLibrary);
        WeightSet weights = Weights.resolve(spec.weights(), arch, spec.seed());
        try {
            loading.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return build(arch, weights, cut, spec, size);
    }

    /**
     * A conv base of an architecture that is not built in (a Keras model file), with its weights already read.
     * Its graph is not kept: {@link GraphCache} names graphs by the architecture's name, which another file may
     * share. {@code preprocessing} is what the provenance records.
     */
    public static TfBackbone build(Architecture arch, WeightSet weights, BackboneSpec spec, String preprocessing) {
        int size = arch.checkSize(spec.imageSize());
        String cut = arch.resolveLayer(spec.layer()).name();
        TfBackbone b = build(arch, weights, cut, spec, size, null);
        Provenance p = b.provenance;
        return new TfBackbone(b.graph, b.session, b.ops, b.weights, new Provenance(spec.arch(), spec.arch(),
                p.weights(), p.weightsSha256(), p.layer(), p.pooling(), p.imageSize(), preprocessing,
                p.featureShape(), p.xferVersion(), null, p.precision()), size);
    }

    private static void loadLibrary() {
        try {
            TensorFlowLibrary.load();
        } catch (Throwable e) {
            // the build below meets the same failure and reports it
        }
    }

    static TfBackbone build(Architecture arch, WeightSet weights, String cut, BackboneSpec spec, int size) {
        Path kept = dev.xfer.common.Workspace.current().savedModels().resolve(GraphCache.DIR);
        try {
            return build(arch, weights, cut, spec, size, kept);
        } catch (GraphCache.StaleGraphException e) {
            try {
                Files.deleteIfExists(e.file);
            } catch (IOException ignored) {
                // built afresh below either way
            }
            return build(arch, weights, cut, spec, size, null);
        }
    }

    private static TfBackbone build(Architecture arch, WeightSet weights, String cut, BackboneSpec spec, int size,
                                    Path kept) {
        Graph g = new Graph();
        try {
            Arithmetic arithmetic = Arithmetic.resolve(spec.device(), spec.precision());
            BackboneGraph ops = GraphCache.load(g, arch, cut, spec.pooling(), size, kept);
            WeightTensors tensors = WeightTensors.of(ops, weights);
            Session s;
            try {
                s = new Session(g, arithmetic.config());
            } catch (RuntimeException e) {
                tensors.close();
                throw e;
            }
            Provenance p = new Provenance(arch.name(), arch.name(), weights.source(), weights.sha256(), cut,
                    spec.pooling().id(), size, arch.preprocessing().description(), ops.featureShape(),
                    XferVersion.get(), null, spec.precision());
            return new TfBackbone(g, s, ops, tensors, p, size);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public long[] featureShape() {
        return ops.featureShape();
    }

    /** The session with every variable filled: what a SavedModel export saves. */
    public synchronized Session session() {
        if (!assigned) {
            weights.assign(session);
            assigned = true;
        }
        return session;
    }

    public BackboneGraph ops() {
        return ops;
    }

    @Override
    public float[] features(float[] rgbNhwc, int count) {
        return ImageBatch.run(rgbNhwc, count, size, count * featureLength(),
                in -> weights.feed(session.runner()).feed(ops.images(), in).fetch(ops.features()).run(),
                r -> ((Result) r).get(0));
    }

    @Override
    public void close() {
        session.close();
        weights.close();
        graph.close();
    }
}
