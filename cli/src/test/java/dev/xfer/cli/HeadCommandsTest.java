package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.SharedData;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.head.HeadBundle;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Phase two on real SqueezeNet features of real pets photos: train, compare, bundles, predict. */
class HeadCommandsTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private String run;

    @BeforeEach
    void extractPets() throws Exception {
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--json",
                pets(20).toString());
        assertEquals(0, r.code(), r.err());
        run = JSON.readTree(r.out()).get("snapshot").asText();
    }

    private static JsonNode json(Cli c) throws Exception {
        assertEquals(0, c.code(), c.err());
        return JSON.readTree(c.out());
    }

    @Test
    void trainSavesABundleThatReloadsToTheSameProbabilities() throws Exception {
        for (String head : new String[] {"logreg", "dense"}) {
            Path out = home.resolve("heads").resolve(head);
            JsonNode m = json(Cli.run("head", "train", run, "--type", head, "--val", "0.25", "--test", "0",
                    "--out", out.toString(), "--json"));
            assertTrue(m.get("val").get("accuracy").asDouble() >= 0.8, head + ": " + m.get("val"));
            assertEquals(10, m.get("val").get("rows").asInt());
            JsonNode info = JSON.readTree(out.resolve("head.json").toFile());
            assertEquals(run, info.get("snapshot").get("id").asText(), "gc must see which snapshot the head uses");
            assertEquals(64, info.get("snapshot").get("listing_sha256").asText().length());
            assertEquals("pets", info.get("snapshot").get("dataset").asText());
            assertEquals(2, info.get("format").asInt());
            assertEquals("17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da",
                    info.get("provenance").get("weights_sha256").asText());
            assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));

            HeadBundle.Loaded a = HeadBundle.load(out);
            HeadBundle.Loaded b = HeadBundle.load(out);
            try (RootAllocator alloc = new RootAllocator()) {
                FeatureTable t = new Catalog(new LocalStorage(home.resolve("cache"))).resolve(run).table(alloc, true);
                double[][] pa = a.head().predictProba(t.features(), t.rows(), t.dim());
                double[][] pb = b.head().predictProba(t.features(), t.rows(), t.dim());
                for (int i = 0; i < t.rows(); i++) {
                    assertArrayEquals(pa[i], pb[i], 0);
                    assertEquals(1, pa[i][0] + pa[i][1], 1e-9);
                }
            }
        }
    }

    @Test
    void headsThatCannotWeightClassesSaySo() {
        Cli r = Cli.run("head", "train", run, "--type", "knn", "--class-weight", "balanced");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cannot weight classes"), r.err());
        assertEquals(0, Cli.run("head", "train", run, "--type", "rf", "--class-weight", "balanced", "--quiet").code());
    }

    @Test
    void compareRanksHeadsOnTheSameFoldsAndSavesTheWinner() throws Exception {
        JsonNode r = json(Cli.run("head", "compare", run, "--heads", "logreg,knn,dense", "--cv", "4", "--json"));
        JsonNode board = r.get("leaderboard");
        assertEquals(3, board.size());
        for (int i = 1; i < 3; i++) {
            assertTrue(board.get(i - 1).get("accuracy").get("mean").asDouble()
                    >= board.get(i).get("accuracy").get("mean").asDouble(), "sorted by accuracy");
        }
        assertEquals(4, board.get(0).get("fold_accuracy").size());
        assertTrue(board.get(0).get("accuracy").get("mean").asDouble() >= 0.8, board.toString());
        Path winner = Path.of(r.get("head").asText());
        assertEquals("best-pets-" + run.substring(0, 12), winner.getFileName().toString(),
                "the default name says which snapshot, so datasets never collide");
        Cli twice = Cli.run("head", "compare", run, "--heads", "logreg", "--cv", "2");
        assertEquals(2, twice.code(), "a bundle is never replaced silently");
        assertTrue(twice.err().contains("exists: pass --force"), twice.err());
        assertEquals(0, Cli.run("head", "compare", run, "--heads", "logreg,knn", "--cv", "4", "--force", "--quiet")
                .code());
        assertEquals(r.get("winner").asText(), JSON.readTree(winner.resolve("head.json").toFile()).get("type").asText());
        assertTrue(Files.exists(winner.resolve("leaderboard.json")));

        Path cat = SharedData.resolve(SharedData.PETS).resolve("cat/1.jpg");
        Cli p = Cli.run("predict", "--head", winner.toString(), cat.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().matches("(?s).*1\\.jpg: \\d+\\.\\d% cat, \\d+\\.\\d% dog\\s*"), p.out());
    }

    /** Two folders (each with class sub-folders) and a file: every image of both folders, then the file. */
    @Test
    void predictTakesSeveralFoldersAndFiles() throws Exception {
        Path head = home.resolve("heads/lr");
        assertEquals(0, Cli.run("head", "train", run, "--type", "logreg", "--out", head.toString(), "--quiet").code());
        Path a = copyPets(home.resolve("a"), 2);
        Path b = copyPets(home.resolve("b"), 1);
        Path cat = SharedData.resolve(SharedData.PETS).resolve("cat/1.jpg");
        Cli p = Cli.run("predict", "--head", head.toString(), "--json", a.toString(), b.toString(), cat.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals("", p.err(), "no folder is read as an image");
        JsonNode rows = JSON.readTree(p.out()).get("results");
        assertEquals(7, rows.size(), p.out());
        assertEquals(a.resolve("cat").resolve(Files.list(a.resolve("cat")).sorted().findFirst().orElseThrow()
                .getFileName()).toString(), rows.get(0).get("path").asText(), "a folder's images under it");
        assertEquals(cat.toString(), rows.get(6).get("path").asText());
        Cli csv = Cli.run("predict", "--head", head.toString(), a.toString(), b.toString());
        assertEquals(0, csv.code(), csv.err());
        assertEquals(7, csv.out().lines().count(), "a header and six rows: " + csv.out());
        assertTrue(csv.out().startsWith("path,class,cat,dog"), csv.out());
    }

    @Test
    void aHeadRefusesOtherFeaturesAndForeignClassesInItsModel() throws Exception {
        Path out = home.resolve("heads/lr");
        assertEquals(0, Cli.run("head", "train", run, "--type", "logreg", "--out", out.toString(), "--quiet").code());
        HeadBundle.Loaded h = HeadBundle.load(out);
        Provenance p = h.info().provenance();
        Provenance other = new Provenance(p.backbone(), p.arch(), p.weights(), p.weightsSha256(), "fire8", "max", 64,
                p.preprocessing(), p.featureShape(), p.xferVersion(), null);
        BadInputException e = assertThrows(BadInputException.class, () -> h.requireFeatures(other, "the other"));
        assertTrue(e.getMessage().contains("layer drop9 vs fire8") && e.getMessage().contains("image size 227 vs 64"),
                e.getMessage());

        // logreg is saved as plain numbers; a bundle of the older kind (a serialised model.ser) holding a class
        // outside the allow-list is refused before it is instantiated
        assertTrue(Files.exists(out.resolve("linear.json")) && !Files.exists(out.resolve("model.ser")));
        Files.delete(out.resolve("linear.json"));
        try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(out.resolve("model.ser")))) {
            o.writeObject(new java.io.File("/etc/passwd"));
        }
        BadInputException refused = assertThrows(BadInputException.class, () -> HeadBundle.load(out));
        assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
    }

    @Test
    void headNamesABundleOnEveryCommandAndAFileInsideItStandsForIt() throws Exception {
        Cli old = Cli.run("head", "train", run, "--head", "svm");
        assertEquals(2, old.code());
        assertEquals("xfer: --head names a bundle folder; the head type is --type svm", old.err().strip());

        Path out = home.resolve("heads/lr");
        assertEquals(0, Cli.run("head", "train", run, "--type", "logreg", "--out", out.toString(), "--quiet").code());
        JsonNode byOption = json(Cli.run("head", "evaluate", "--head", out.toString(), "--json"));
        assertTrue(byOption.get("same_as_recorded").asBoolean(), byOption.toString());
        JsonNode byFile = json(Cli.run("head", "evaluate", out.resolve("head.json").toString(), run, "--json"));
        assertEquals(out.toString(), byFile.get("head").asText(), "head.json stands for its bundle");
        assertTrue(byFile.get("same_as_recorded").asBoolean(), byFile.toString());

        Path cat = SharedData.resolve(SharedData.PETS).resolve("cat/1.jpg");
        JsonNode p = json(Cli.run("predict", "--head", out.resolve("linear.json").toString(), "--json",
                cat.toString()));
        assertEquals(out.toString(), p.get("head").asText());
        assertEquals(1, p.get("results").size());
        Cli asModel = Cli.run("predict", "--model", out.toString(), cat.toString());
        assertEquals(2, asModel.code());
        assertEquals("xfer: " + out + " is a head bundle, not a fine-tuned model: predict and serve open it with "
                + "--head " + out, asModel.err().strip());
    }

    @Test
    void defaultNamesCarryTheSpecsDigestAndFlagsThatDoNotApplyAreRefused() throws Exception {
        JsonNode first = json(Cli.run("head", "train", run, "--type", "logreg", "--json", "--quiet"));
        JsonNode other = json(Cli.run("head", "train", run, "--type", "logreg", "--C", "0.1", "--json", "--quiet"));
        String a = Path.of(first.get("head").asText()).getFileName().toString();
        String b = Path.of(other.get("head").asText()).getFileName().toString();
        assertTrue(a.matches("logreg-pets-" + run.substring(0, 12) + "-[0-9a-f]{6}"), a);
        assertTrue(b.matches("logreg-pets-" + run.substring(0, 12) + "-[0-9a-f]{6}"), b);
        assertTrue(!a.equals(b), "another C is another bundle: " + a);
        Cli again = Cli.run("head", "train", run, "--type", "logreg", "--C", "0.1");
        assertEquals(2, again.code(), "the same spec again is never replaced silently");
        assertTrue(again.err().contains("exists: pass --force"), again.err());
        assertEquals(0, Cli.run("head", "train", run, "--type", "logreg", "--C", "0.1", "--force", "--quiet").code());

        Cli wrong = Cli.run("head", "train", run, "--type", "logreg", "--hidden", "256", "--trees", "5");
        assertEquals(2, wrong.code());
        assertEquals("xfer: --hidden, --trees do not apply to a logreg head (it takes --C)", wrong.err().strip());

        for (String type : new String[] {"logreg", "svm"}) {
            JsonNode weighted = json(Cli.run("head", "train", run, "--type", type, "--class-weight", "balanced",
                    "--json", "--quiet"));
            Path dir = Path.of(weighted.get("head").asText());
            assertEquals("balanced", JSON.readTree(dir.resolve("head.json").toFile()).get("class_weight").asText());
            assertTrue(!dir.getFileName().toString().equals(a), "class weights are part of the digest");
            assertTrue(weighted.get("test").get("accuracy").asDouble() >= 0.75, weighted.toString());
        }
    }

    @Test
    void aDenseHeadWithoutValidationRowsSaysWhatEarlyStoppingWatched() throws Exception {
        Cli none = Cli.run("head", "train", run, "--type", "dense", "--val", "0", "--test", "0.25", "--epochs", "8",
                "--json");
        assertEquals(0, none.code(), none.err());
        assertEquals("xfer: note: no validation rows, so early stopping watched the training loss, not val_loss "
                + "(hold some out with --val)", none.err().strip());
        Cli held = Cli.run("head", "train", run, "--type", "dense", "--val", "0.25", "--test", "0", "--epochs", "8",
                "--out", home.resolve("heads/held").toString(), "--json");
        assertEquals(0, held.code(), held.err());
        assertEquals("", held.err().strip());
    }
}
