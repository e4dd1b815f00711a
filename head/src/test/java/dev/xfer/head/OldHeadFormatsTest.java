package dev.xfer.head;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.head.spec.HeadType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heads saved as serialised Smile models by xfer 0.2 still load and classify. */
class OldHeadFormatsTest {
    @Test
    void serialisedSmileHeadsStillLoad() throws Exception {
        Path root = Path.of(getClass().getResource("/formats/smile-0.2").toURI());
        Rows test = HeadsTest.rows(90, 12, 2);
        for (HeadType type : List.of(HeadType.LOGREG, HeadType.KNN, HeadType.LDA, HeadType.RF)) {
            Head h = Heads.load(root.resolve(type.id()), type, 12, 3);
            double acc = HeadsTest.accuracy(h, test);
            assertTrue(acc > 0.85, type + " from an old bundle: accuracy " + acc);
        }
    }
}
