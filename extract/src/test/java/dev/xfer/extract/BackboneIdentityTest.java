package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.xfer.common.Pooling;
import dev.xfer.common.Precision;
import dev.xfer.common.Provenance;
import dev.xfer.common.SharedData;
import dev.xfer.common.Workspace;
import dev.xfer.common.store.StoreId;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provenance predicted without TensorFlow is the one the built conv base reports. */
class BackboneIdentityTest {
    @Test
    void predictedProvenanceIsTheBuiltOnes(@TempDir Path tmp) {
        Workspace ws = new Workspace(tmp);
        List<BackboneSpec> specs = List.of(
                BackboneSpec.of("squeezenet").withWeights(SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString())
                        .withImageSize(99),
                BackboneSpec.of("squeezenet").withWeights("random").withSeed(3).withLayer("fire5")
                        .withPooling(Pooling.FLATTEN).withImageSize(64),
                BackboneSpec.of("vgg16").withWeights("random").withLayer("block2_pool").withPooling(Pooling.NONE)
                        .withImageSize(48),
                BackboneSpec.of("inception_v3").withWeights("random").withLayer("mixed2").withPooling(Pooling.MAX)
                        .withImageSize(75),
                BackboneSpec.of("squeezenet").withWeights("random").withImageSize(64)
                        .withPrecision(Precision.BF16));
        for (BackboneSpec spec : specs) {
            Provenance predicted = BackboneIdentity.predict(spec, ws).orElseThrow();
            try (TfBackbone built = TfBackbone.build(spec)) {
                Provenance real = built.provenance();
                assertEquals(StoreId.of(real), StoreId.of(predicted), spec.toString());
                assertArrayEquals(real.featureShape(), predicted.featureShape(), spec.toString());
                assertEquals(real.weights(), predicted.weights(), spec.toString());
                real.requireSameFeatures(predicted, "built", "predicted");
            }
        }
    }
}
