package dev.xfer.extract.graph;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.AtomicFiles;
import dev.xfer.common.Digests;
import dev.xfer.common.Pooling;
import dev.xfer.extract.arch.Architecture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;

/**
 * Conv-base graphs kept as GraphDefs: building InceptionV3 op by op through TensorFlow Java takes seconds,
 * importing the same 2,200 ops from bytes a tenth of that. A graph is named by the sha256 of its architecture,
 * cut, pooling and size, TensorFlow's version and the bytes of the classes that build it, so a change to
 * any of them builds (and keeps) a new one. A sidecar JSON names the ops xfer needs back. Keeping a graph is best
 * effort: a file that cannot be written or read only costs building the graph.
 */
final class GraphCache {
    static final String DIR = ".graphs";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The op names of a kept graph. */
    record Layout(@JsonProperty("feature_map") String featureMap, @JsonProperty("feature_shape") long[] featureShape,
                  @JsonProperty("variables") List<Var> variables) {
    }

    /** One weight variable's layer, Keras weight name, shape and ops. */
    record Var(@JsonProperty("layer") String layer, @JsonProperty("weight") String weight,
               @JsonProperty("shape") long[] shape, @JsonProperty("variable") String variable,
               @JsonProperty("feed") String feed, @JsonProperty("assign") String assign,
               @JsonProperty("read") String read) {
    }

    private GraphCache() {
    }

    /** A graph holding the conv base, imported from {@code dir} when kept there, else built and kept. */
    static BackboneGraph load(Graph g, Architecture arch, String cut, Pooling pooling, int size, Path dir) {
        if (dir == null) {
            return BackboneGraph.build(Ops.create(g), arch, cut, pooling, size);
        }
        String key = key(arch, cut, pooling, size);
        Path pb = dir.resolve(key + ".pb");
        Path side = dir.resolve(key + ".json");
        if (Files.isRegularFile(pb) && Files.isRegularFile(side)) {
            try {
                Layout layout = JSON.readValue(side.toFile(), Layout.class);
                g.importGraphDef(org.tensorflow.proto.GraphDef.parseFrom(Files.readAllBytes(pb)));
                return BackboneGraph.imported(g, arch, layout);
            } catch (IOException | RuntimeException e) {
                throw new StaleGraphException(pb, e);
            }
        }
        BackboneGraph built = BackboneGraph.build(Ops.create(g), arch, cut, pooling, size);
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(pb, g.toGraphDef().toByteArray());
            AtomicFiles.write(side, JSON.writeValueAsBytes(built.layout()));
        } catch (IOException | RuntimeException e) {
            // only a cache: the next run builds the graph again
        }
        return built;
    }

    /** A kept graph that would not import: the caller deletes it and builds in a fresh graph. */
    static final class StaleGraphException extends RuntimeException {
        final Path file;

        StaleGraphException(Path file, Exception cause) {
            super(file + ": " + cause.getMessage(), cause);
            this.file = file;
        }
    }

    static String key(Architecture arch, String cut, Pooling pooling, int size) {
        StringBuilder s = new StringBuilder().append(arch.name()).append('|').append(cut).append('|')
                .append(pooling.id()).append('|').append(size).append('|').append(TensorFlow.version());
        for (String c : List.of(BackboneGraph.class.getName(), GraphCache.class.getName(), arch.getClass().getName(),
                LayerOps.class.getName(), GroupedConvolution.class.getName(),
                "dev.xfer.extract.arch.Layer", "dev.xfer.extract.arch.Architecture",
                "dev.xfer.extract.arch.ArchitectureBuilder", "dev.xfer.common.Preprocessing")) {
            s.append('|').append(classDigest(c));
        }
        // every record of the layer vocabulary: a change to any of them changes the graph
        for (Class<?> c : vocabulary()) {
            s.append('|').append(classDigest(c.getName()));
        }
        return Digests.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<Class<?>> vocabulary() {
        List<Class<?>> out = new ArrayList<>();
        java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>(List.of(dev.xfer.extract.arch.LayerSpec.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            out.add(c);
            if (c.isSealed()) {
                todo.addAll(List.of(c.getPermittedSubclasses()));
            }
        }
        return out;
    }

    private static String classDigest(String className) {
        try (InputStream in = GraphCache.class.getResourceAsStream("/" + className.replace('.', '/') + ".class")) {
            if (in == null) {
                return "none";
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return Digests.sha256(b.toByteArray());
        } catch (IOException e) {
            return "unreadable";
        }
    }

    static List<Var> vars(List<BackboneGraph.WeightVariable> variables) {
        List<Var> out = new ArrayList<>();
        for (BackboneGraph.WeightVariable v : variables) {
            out.add(new Var(v.layer().name(), v.weightName(), v.shape(), v.variable().op().name(),
                    v.feed().op().name(), v.assign().op().name(), v.read().op().name()));
        }
        return out;
    }
}
