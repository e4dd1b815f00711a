package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.Pooling;
import dev.xfer.common.SharedData;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.arch.Summary;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * xfer against Keras itself: seeded weights written by Keras in both h5 layouts, Keras' features for an input
 * batch, xfer's features from the same weights and input. The reference folders are made by
 * {@code bench/keras_reference.sh} (tensorflow-cpu and keras from pip), kept out of git for their size.
 */
class KerasParityTest {
    private static final double TOLERANCE = 1e-4;

    static Path referenceRoot() {
        String prop = System.getProperty("xfer.keras.ref");
        return prop != null ? Path.of(prop) : SharedData.repoRoot().resolve("bench/out/keras-ref");
    }

    @TestFactory
    Stream<DynamicTest> featuresMatchKeras() throws Exception {
        Path root = referenceRoot();
        Assumptions.assumeTrue(Files.isDirectory(root),
                "no Keras reference outputs at " + root + ": run bench/keras_reference.sh to make them");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            // name prefixes, comma-separated, to re-check some families
            List<String> only = List.of(System.getProperty("xfer.keras.only", "").split(","));
            for (Path dir : dirs.sorted().filter(d -> Files.exists(d.resolve("meta.json")))
                    .filter(d -> only.stream().anyMatch(p -> d.getFileName().toString().startsWith(p))).toList()) {
                boolean summaryOnly = !Files.exists(dir.resolve("features.f32"));
                for (String file : summaryOnly ? List.<String>of() : List.of("weights.h5", "weights.keras3.weights.h5")) {
                    tests.add(DynamicTest.dynamicTest(dir.getFileName() + " " + file, () -> compare(dir, file)));
                }
                if (Files.exists(dir.resolve("summary.json"))) {
                    tests.add(DynamicTest.dynamicTest(dir.getFileName() + " summary", () -> summary(dir)));
                }
            }
        }
        Assumptions.assumeFalse(tests.isEmpty(), "no reference folders under " + root);
        return tests.stream();
    }

    /** The whole notop model's summary, layer by layer: name, class, output shape, parameters. */
    private static void summary(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode meta = json.readTree(dir.resolve("meta.json").toFile());
        JsonNode keras = json.readTree(dir.resolve("summary.json").toFile());
        Summary ours = Summary.of(Architectures.get(meta.get("arch").asText()), meta.get("size").asInt(), null);
        KerasSummaryTest.assertSameSummary(keras, ours, dir.getFileName().toString());
    }

    private static void compare(Path dir, String weightsFile) throws Exception {
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("meta.json").toFile());
        int n = meta.get("input").get("shape").get(0).asInt();
        BackboneSpec spec = BackboneSpec.of(meta.get("arch").asText())
                .withWeights(dir.resolve(weightsFile).toString())
                .withLayer(meta.get("layer").asText())
                .withPooling(Pooling.parse(meta.get("pooling").asText()))
                .withImageSize(meta.get("size").asInt());
        float[] expected = Floats.read(dir.resolve("features.f32"));
        try (TfBackbone b = TfBackbone.build(spec)) {
            float[] actual = b.features(Floats.read(dir.resolve("input.f32")), n);
            double rel = Floats.maxAbsDiff(expected, actual) / Floats.maxAbs(expected);
            System.out.printf("keras parity %s %s: relative error %.3g%n", dir.getFileName(), weightsFile, rel);
            assertTrue(rel <= TOLERANCE, dir + " with " + weightsFile + ": relative error " + rel);
        }
    }
}
