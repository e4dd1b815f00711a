package dev.xfer.extract.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.Pooling;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.weights.WeightSet;
import dev.xfer.extract.weights.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;

/** A conv base imported from its kept GraphDef computes exactly what the one built op by op computes. */
class GraphCacheTest {

    private static float[] features(BackboneGraph ops, Graph g, WeightSet w, float[] pixels, int n, int size) {
        try (Session s = new Session(g)) {
            ops.loadWeights(s, w);
            return ImageBatch.run(pixels, n, size, n * (int) ops.featureShape()[0],
                    in -> s.runner().feed(ops.images(), in).fetch(ops.features()).run(), r -> ((Result) r).get(0));
        }
    }

    @Test
    void anImportedGraphGivesTheSameFeaturesBitForBit(@TempDir Path dir) throws Exception {
        Architecture arch = Architectures.get("squeezenet");
        String cut = arch.resolveLayer(null).name();
        int size = 64;
        WeightSet w = Weights.resolve("random", arch, 5);
        float[] pixels = new float[2 * size * size * 3];
        Random r = new Random(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat() * 255;
        }
        float[] built;
        try (Graph g = new Graph()) {
            BackboneGraph ops = GraphCache.load(g, arch, cut, Pooling.AVG, size, dir);
            built = features(ops, g, w, pixels, 2, size);
        }
        try (var kept = Files.list(dir)) {
            assertEquals(2, kept.count(), "the graph and its op names are kept");
        }
        float[] imported;
        try (Graph g = new Graph()) {
            BackboneGraph ops = GraphCache.load(g, arch, cut, Pooling.AVG, size, dir);
            assertEquals(25 * 2, ops.variables().size(),
                    "conv1 and eight fire modules of three convolutions: kernels and biases, found by name");
            imported = features(ops, g, w, pixels, 2, size);
        }
        assertTrue(built.length == 1024 && built[0] != 0);
        assertArrayEquals(built, imported, 0f);

        try (var kept = Files.list(dir)) {
            for (Path f : kept.filter(p -> p.toString().endsWith(".pb")).toList()) {
                Files.write(f, new byte[] {1, 2, 3});
            }
        }
        try (Graph g = new Graph()) {
            assertThrows(GraphCache.StaleGraphException.class,
                    () -> GraphCache.load(g, arch, cut, Pooling.AVG, size, dir), "a damaged graph is not used");
        }
    }
}
