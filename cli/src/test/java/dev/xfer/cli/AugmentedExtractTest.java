package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.Split;
import dev.xfer.head.HeadTraining;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** {@code xfer extract --augment K}: augmented views of training images only, marked, and used only to train. */
class AugmentedExtractTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void viewsAreStoredForTrainingImagesOnlyAndFollowThemIntoTraining() throws Exception {
        Path data = pets(10);
        String[] extract = {"extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--image-size",
                "64", "--augment", "2", "--augment-spec", "rotation=20,zoom=0.1,flip=horizontal", "--json",
                data.toString()};
        Cli first = Cli.run(extract);
        assertEquals(0, first.code(), first.err());
        JsonNode r = JSON.readTree(first.out());
        // 20 photos: stratified 0.2 / 0.1 -> 14 train, 4 val, 2 test; 2 views of each of the 14
        assertEquals(20 + 28, r.get("rows").asInt());
        String run = r.get("snapshot").asText();
        FeatureTable t;
        try (RootAllocator a = new RootAllocator()) {
            t = new Catalog(new LocalStorage(home.resolve("cache"))).resolve(run).table(a, true);
            assertEquals(0, a.getAllocatedMemory(), "no Arrow buffer leaked");
        }
        Map<String, Integer> imageRow = new HashMap<>();
        Map<String, Split> imageSplit = new HashMap<>();
        for (int i = 0; i < t.rows(); i++) {
            if (t.views()[i] == 0) {
                imageRow.put(t.paths().get(i), i);
                imageSplit.put(t.paths().get(i), t.splits().get(i));
            }
        }
        assertEquals(20, imageRow.size());
        assertEquals(14, imageSplit.values().stream().filter(Split.TRAIN::equals).count());
        for (int i = 0; i < t.rows(); i++) {
            if (t.views()[i] > 0) {
                String image = t.paths().get(i);
                assertEquals(Split.TRAIN, imageSplit.get(image), "a view of a validation or test image: " + image);
                assertEquals(Split.TRAIN, t.splits().get(i));
                assertFalse(Arrays.equals(t.row(i), t.row(imageRow.get(image))), "a view differs from its image");
            }
        }

        Cli again = Cli.run(extract);
        assertEquals(0, again.code(), again.err());
        assertEquals(0, JSON.readTree(again.out()).get("extracted").asInt(), "views are cached like images");
        assertEquals(run, JSON.readTree(again.out()).get("snapshot").asText());

        assertEquals(20, HeadTraining.labelled(t).length, "splits and folds are dealt over images, not views");
        JsonNode head = JSON.readTree(Cli.run("head", "train", run, "--type", "logreg", "--json").out());
        assertEquals(14 + 28, head.get("train").get("rows").asInt(), "training rows include the views");
        assertEquals(4, head.get("val").get("rows").asInt(), "validation rows are images only");
        Cli compare = Cli.run("head", "compare", run, "--heads", "logreg,knn", "--cv", "2", "--json");
        assertEquals(0, compare.code(), compare.err());
    }
}
