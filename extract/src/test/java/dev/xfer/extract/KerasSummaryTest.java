package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.arch.Summary;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Summaries equal Keras' layer for layer: names, classes, output shapes, parameter counts, totals. The JSON
 * was written by {@code ../shared/tools/keras_reference.py} with Keras 3.15.1.
 */
class KerasSummaryTest {

    /** {@code ours} equals Keras' summary.json row by row (name, class, output shape, parameters) and in total. */
    static void assertSameSummary(JsonNode keras, Summary ours, String what) {
        assertEquals(keras.get("layers").size(), ours.layers().size(), what + ": layer count");
        for (int i = 0; i < ours.layers().size(); i++) {
            JsonNode k = keras.get("layers").get(i);
            Summary.Row r = ours.layers().get(i);
            String where = what + " layer " + i + " (" + k.get("name").asText() + ")";
            assertEquals(k.get("name").asText(), r.name(), where);
            assertEquals(k.get("class").asText(), r.kind(), where);
            List<Long> shape = new ArrayList<>();
            k.get("output_shape").forEach(d -> shape.add(d.isNull() ? null : d.asLong()));
            assertEquals(shape, r.outputShape(), where);
            assertEquals(k.get("params").asLong(), r.params(), where);
            assertEquals(k.get("trainable_params").asLong(), r.trainableParams(), where);
        }
        assertEquals(keras.get("total_params").asLong(), ours.totalParams(), what + ": total");
        assertEquals(keras.get("trainable_params").asLong(), ours.trainableParams(), what + ": trainable");
    }

    @ParameterizedTest
    @CsvSource({"vgg16, 224, 19, 14714688, 0", "inception_v3, 299, 311, 21802784, 34432"})
    void summaryEqualsKeras(String arch, int size, int layers, long total, long nonTrainable) throws Exception {
        JsonNode keras;
        try (InputStream in = getClass().getResourceAsStream("/keras/" + arch + "-" + size + "-summary.json")) {
            keras = new ObjectMapper().readTree(in);
        }
        Summary ours = Summary.of(Architectures.get(arch), size, null);
        assertEquals(layers, keras.get("layer_count").asInt());
        assertSameSummary(keras, ours, arch);
        assertEquals(total, ours.totalParams());
        assertEquals(nonTrainable, ours.nonTrainableParams());
    }
}
