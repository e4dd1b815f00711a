package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Method 2 from the command line, on real SqueezeNet weights and real photos: head -> finetune -> predict. */
class FineTuneCommandTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(Cli c) throws Exception {
        assertEquals(0, c.code(), c.err());
        return JSON.readTree(c.out());
    }

    @Test
    void fineTunesFromADenseHeadAndPredictsWithTheModel() throws Exception {
        Path data = pets(12);
        String run = json(Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(),
                "--image-size", "96", "--json", "--quiet", data.toString())).get("snapshot").asText();
        Path head = home.resolve("heads/dense");
        JsonNode trained = json(Cli.run("head", "train", run, "--head", "dense", "--val", "0.25", "--test", "0",
                "--json", "--quiet", "--out", head.toString()));

        Path model = home.resolve("models/pets");
        JsonNode r = json(Cli.run("finetune", data.toString(), "--head", head.toString(), "--unfreeze-from", "fire9",
                "--augment", "--epochs", "2", "--batch-size", "8", "--json", "--out", model.toString()));
        assertTrue(r.get("frozen_unchanged").asBoolean(), r.toString());
        assertEquals(r.get("frozen_sha256_before").asText(), r.get("frozen_sha256_exported").asText());
        assertEquals(6, r.get("val").get("rows").asInt(), "the head's split: a quarter of 24 photos");
        // before any step, the graph with the head's weights scores the head's validation photos as phase two did
        assertEquals(trained.get("val").get("accuracy").asDouble(), r.get("initial_val").get("accuracy").asDouble(),
                1e-12);
        assertEquals(trained.get("val").get("log_loss").asDouble(), r.get("initial_val").get("log_loss").asDouble(),
                1e-4);
        JsonNode info = JSON.readTree(model.resolve("head.json").toFile());
        assertEquals("finetune", info.get("type").asText());
        assertEquals("17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da",
                info.get("provenance").get("weights_sha256").asText());
        assertEquals(96, info.get("provenance").get("image_size").asInt());
        assertEquals(run, info.get("snapshot").get("id").asText(), "the snapshot its starting head was trained on");
        assertEquals(0.25, info.get("split").get("val").asDouble(), "the fractions the split was dealt with");
        assertTrue(Files.isRegularFile(model.resolve("saved_model.pb")));
        assertTrue(Files.readString(model.resolve("report.html")).contains("Learning curves"));
        var split = Files.readAllLines(model.resolve("split.csv"));
        assertEquals("path,class,split", split.getFirst());
        assertEquals(24, split.size() - 1, "every photo, with its class and split");
        assertEquals(6, split.stream().filter(l -> l.endsWith(",val")).count());
        assertTrue(split.get(1).matches("cat/[^,]+,cat,(train|val)"), split.get(1));
        assertTrue(Files.notExists(home.resolve("models/.pets.training")), "the checkpoint folder is cleaned up");
        Cli again = Cli.run("finetune", data.toString(), "--head", head.toString(), "--epochs", "1", "--out",
                model.toString());
        assertEquals(2, again.code(), "refused before any training: the model exists");
        assertTrue(again.err().contains("--force"), again.err());

        JsonNode p = json(Cli.run("predict", "--model", model.toString(), "--json",
                data.resolve("cat").toString()));
        JsonNode preds = p.get("results");
        assertEquals(12, preds.size());
        for (JsonNode row : preds) {
            JsonNode ranked = row.get("predictions");
            assertEquals(2, ranked.size(), row.toString());
            assertEquals(ranked.get(0).get("class").asText(), row.get("class").asText(), row.toString());
            assertEquals(1, ranked.get(0).get("probability").asDouble() + ranked.get(1).get("probability").asDouble(),
                    1e-5);
        }
    }

    @Test
    void refusesAHeadOfAnotherBackboneAndTwoUnfreezeOptions() throws Exception {
        Path data = pets(4);
        Cli r = Cli.run("finetune", data.toString(), "--backbone", "squeezenet", "--weights", squeezenetWeights(),
                "--unfreeze-from", "fire9", "--unfreeze-top", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("pass one of --unfreeze-from, --unfreeze-top, --freeze-first"), r.err());
        Cli none = Cli.run("finetune", data.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("pass --backbone"), none.err());

        // a head that is not dense: the way out is spelled as head train takes it today
        assertEquals(0, Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(),
                "--image-size", "64", "--name", "pets4", data.toString()).code());
        Path logreg = home.resolve("heads/logreg4");
        assertEquals(0, Cli.run("head", "train", "--dataset", "pets4", "--type", "logreg", "--val", "0", "--test",
                "0", "--out", logreg.toString(), "--quiet").code());
        Cli notDense = Cli.run("finetune", data.toString(), "--head", logreg.toString(), "--epochs", "1");
        assertEquals(2, notDense.code(), notDense.err());
        assertTrue(notDense.err().contains("'xfer head train --dataset NAME --type dense'"), notDense.err());
    }

    @Test
    void augmentPreviewDrawsOneRowPerImage() throws Exception {
        Path data = pets(3);
        Path png = home.resolve("grid.png");
        Cli r = Cli.run("augment-preview", data.toString(), "--images", "3", "--views", "4", "--image-size", "64",
                "--augment", "rotation=30,fill=reflect", "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(5 * 68 + 4, img.getWidth());
        assertEquals(3 * 68 + 4, img.getHeight());
        Cli bad = Cli.run("augment-preview", data.toString(), "--augment", "fill=mirror", "--out", png.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("fill=mirror"), bad.err());
    }
}
