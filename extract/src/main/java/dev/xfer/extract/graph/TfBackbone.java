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

/** A built-in conv base running in a TensorFlow session of its own. */
public final class TfBackbone implements Backbone {
    private final Graph graph;
    private final Session session;
    private final BackboneGraph ops;
    private final Provenance provenance;
    private final int size;

    private TfBackbone(Graph graph, Session session, BackboneGraph ops, Provenance provenance, int size) {
        this.graph = graph;
        this.session = session;
        this.ops = ops;
        this.provenance = provenance;
        this.size = size;
    }

    /** Validates the spec, reads the weights, builds the graph and fills its variables. */
    public static TfBackbone build(BackboneSpec spec) {
        Architecture arch = Architectures.get(spec.arch());
        int size = arch.checkSize(spec.imageSize());
        String cut = arch.resolveLayer(spec.layer()).name();
        WeightSet weights = Weights.resolve(spec.weights(), arch, spec.seed());
        return build(arch, weights, cut, spec, size);
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
            Session s = new Session(g, arithmetic.config());
            try {
                ops.loadWeights(s, weights);
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            Provenance p = new Provenance(arch.name(), arch.name(), weights.source(), weights.sha256(), cut,
                    spec.pooling().id(), size, arch.preprocessing().description(), ops.featureShape(),
                    XferVersion.get(), null, spec.precision());
            return new TfBackbone(g, s, ops, p, size);
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

    public Session session() {
        return session;
    }

    public BackboneGraph ops() {
        return ops;
    }

    @Override
    public float[] features(float[] rgbNhwc, int count) {
        return ImageBatch.run(rgbNhwc, count, size, count * featureLength(),
                in -> session.runner().feed(ops.images(), in).fetch(ops.features()).run(),
                r -> ((Result) r).get(0));
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
