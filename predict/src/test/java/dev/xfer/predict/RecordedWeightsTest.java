package dev.xfer.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.SharedData;
import dev.xfer.extract.arch.Architectures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weights read back from a provenance, and predictions ranked as people and the API read them. */
class RecordedWeightsTest {
    private static Provenance recorded(String weights, String sha) {
        return new Provenance("squeezenet", "squeezenet", weights, sha, "drop9", "avg", 64, "caffe",
                new long[] {512}, "0.1.0", null);
    }

    @Test
    void randomSeedsFilesAndOverridesComeBackTyped() {
        Path bundle = Path.of("heads/pets");
        assertEquals(new RecordedWeights("random", 7), RecordedWeights.of(recorded("random(seed=7)", "x"), null, bundle));
        assertEquals(new RecordedWeights("imagenet", 0), RecordedWeights.of(recorded("imagenet", "x"), null, bundle));
        BadInputException gone = assertThrows(BadInputException.class,
                () -> RecordedWeights.of(recorded("/nowhere/sq.h5", "abc"), null, bundle));
        assertTrue(gone.getMessage().contains("pass --weights FILE"), gone.getMessage());
        String real = SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString();
        assertEquals(new RecordedWeights(real, 0), RecordedWeights.of(recorded("/nowhere/sq.h5", "abc"), real, bundle));
        assertThrows(BadInputException.class, () -> RecordedWeights.of(recorded("random(seed=x)", "x"), null, bundle));
    }

    @Test
    void weightsWithAnotherDigestAreRefused() {
        String real = SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString();
        var arch = Architectures.get("squeezenet");
        assertEquals("17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da", RecordedWeights.checked(arch,
                recorded(real, "17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da"), null,
                Path.of("h")).sha256());
        BadInputException other = assertThrows(BadInputException.class, () -> RecordedWeights.checked(arch,
                recorded(real, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), null, Path.of("h")));
        assertTrue(other.getMessage().contains("pass the same --weights file"), other.getMessage());
    }

    @Test
    void predictionsRankLikeliestFirstAndSayUnknown() {
        Prediction p = Prediction.of(new double[] {0.2, 0.7, 0.1}, List.of("cat", "dog", "fox"));
        assertEquals(List.of("dog", "cat", "fox"), p.ranked().stream().map(Prediction.Score::label).toList());
        assertEquals("dog", p.answer());
        assertEquals(0.1, p.probability("fox"), 0);
        assertEquals(0, p.probability("owl"), 0);
        assertTrue(Double.isNaN(p.distance()));
        Prediction near = p.withOpenSet("cat", 0.8);
        assertFalse(near.unknown());
        assertEquals("dog", near.answer());
        Prediction far = p.withOpenSet("cat", 1.4);
        assertTrue(far.unknown());
        assertEquals("unknown (nearest: cat)", far.answer());
    }
}
