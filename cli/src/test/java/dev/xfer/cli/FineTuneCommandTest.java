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
        JsonNode trained = json(Cli.run("head", "train", run, "--type", "dense", "--val", "0.25", "--test", "0",
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
        Cli asHead = Cli.run("predict", "--head", model.toString(), data.resolve("cat").toString());
        assertEquals(2, asHead.code());
        assertEquals("xfer: " + model + " is a fine-tuned model, not a head bundle: predict and serve open it with "
                + "--model " + model, asHead.err().strip());
        assertEquals(12, json(Cli.run("predict", "--model", model.resolve("head.json").toString(), "--json",
                data.resolve("cat").toString())).get("results").size(), "a file inside the model stands for it");
        for (JsonNode row : preds) {
            JsonNode ranked = row.get("predictions");
            assertEquals(2, ranked.size(), row.toString());
            assertEquals(ranked.get(0).get("class").asText(), row.get("class").asText(), row.toString());
            assertEquals(1, ranked.get(0).get("probability").asDouble() + ranked.get(1).get("probability").asDouble(),
                    1e-5);
        }
    }

    /**
     * Fine-tuning a subset of the head's folder (plus photos the head never saw) keeps each known photo in the split
     * it had when the head was trained: re-dealing the subset from the seed put photos the head trained on into
     * fine-tuning's validation and test sets.
     */
    @Test
    void fineTuningASubsetKeepsTheHeadsSplitByBytes() throws Exception {
        Path data = pets(12);
        String run = json(Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(),
                "--image-size", "64", "--json", "--quiet", data.toString())).get("snapshot").asText();
        Path head = home.resolve("heads/dense-split");
        JsonNode trained = json(Cli.run("head", "train", run, "--type", "dense", "--val", "0.25", "--test", "0.25",
                "--epochs", "2", "--json", "--quiet", "--out", head.toString()));
        long seed = JSON.readTree(head.resolve("head.json").toFile()).get("split").get("seed").asLong();
        // the head's split, dealt independently: the listing's path order, stratified from the seed
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String c : java.util.List.of("cat", "dog")) {
            try (var s = Files.list(data.resolve(c))) {
                s.forEach(f -> names.add(c + "/" + f.getFileName()));
            }
        }
        names.sort(null);
        int[] y = names.stream().mapToInt(n -> n.startsWith("cat/") ? 0 : 1).toArray();
        var dealt = dev.xfer.common.training.Splits.stratified(y, 2, 0.25, 0.25, seed);
        java.util.Map<String, String> headSplit = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            headSplit.put(names.get(i), dealt[i].label());
        }
        assertEquals(trained.get("val").get("rows").asInt(), headSplit.values().stream().filter("val"::equals).count());

        // small: every other photo of the head's folder, under other names, and 3 photos per class it never saw
        Path small = home.resolve("small");
        java.util.Map<String, String> renamed = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i += 2) {
            String to = names.get(i).replace(".jpg", "-copy.jpg");
            Files.createDirectories(small.resolve(to).getParent());
            Files.copy(data.resolve(names.get(i)), small.resolve(to));
            renamed.put(to, names.get(i));
        }
        for (String c : java.util.List.of("cat", "dog")) {
            try (var s = Files.list(dev.xfer.common.SharedData.resolve(dev.xfer.common.SharedData.PETS).resolve(c))) {
                for (Path p : s.sorted().skip(30).limit(3).toList()) {
                    Files.copy(p, small.resolve(c).resolve("new-" + p.getFileName()));
                }
            }
        }
        Path model = home.resolve("models/small");
        Cli text = Cli.run("finetune", small.toString(), "--head", head.toString(), "--epochs", "1", "--batch-size",
                "8", "--out", model.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("split: 12 photos kept the split they had in the head's snapshot"),
                text.out());
        assertTrue(text.out().contains("6 new to the head were dealt"), text.out());
        var rows = Files.readAllLines(model.resolve("split.csv"));
        int known = 0;
        for (String line : rows.subList(1, rows.size())) {
            String[] f = line.split(",");
            if (renamed.containsKey(f[0])) {
                assertEquals(headSplit.get(renamed.get(f[0])), f[2], f[0] + " keeps the split of " + renamed.get(f[0]));
                known++;
            }
        }
        assertEquals(12, known);
        JsonNode info = JSON.readTree(model.resolve("head.json").toFile());
        assertTrue(info.get("split").get("source").asText().startsWith("head snapshot " + run.substring(0, 12)),
                info.toString());
    }

    @Test
    void aFreshHeadSpecFollowsTheHelpsGrammar() throws Exception {
        Path data = pets(4);
        Path model = home.resolve("models/fresh");
        JsonNode r = json(Cli.run("finetune", data.toString(), "--backbone", "squeezenet", "--weights",
                squeezenetWeights(), "--image-size", "64", "--head-spec", "dense,dropout=0", "--epochs", "1",
                "--batch-size", "8", "--json", "--quiet", "--out", model.toString()));
        assertTrue(r.has("val"), r.toString());
        JsonNode params = JSON.readTree(model.resolve("head.json").toFile()).get("params");
        assertEquals(0.0, params.get("dropout").asDouble());
        assertEquals("sgd", params.get("optimizer").asText(), "the command's own training options");
        Cli notDense = Cli.run("finetune", data.toString(), "--backbone", "squeezenet", "--head-spec", "logreg:C=2");
        assertEquals(2, notDense.code());
        assertTrue(notDense.err().contains("only dense heads fine-tune"), notDense.err());
    }

    /**
     * The families of today's Keras fine-tune too: ConvNeXt's depthwise Conv2D (one group per channel), Dense on the
     * feature map, LayerNormalization (trainable), GELU and LayerScale all get gradients; frozen layers stay as they
     * were.
     */
    @Test
    void aConvNeXtFineTunesItsTopLayers() throws Exception {
        Path data = pets(6);
        Path model = home.resolve("models/cnx");
        JsonNode r = json(Cli.run("finetune", data.toString(), "--backbone", "convnext_tiny", "--weights", "random",
                "--image-size", "32", "--head-spec", "dense", "--unfreeze-from", "convnext_tiny_stage_3_block_2_layernorm",
                "--epochs", "1", "--batch-size", "4", "--json", "--out", model.toString()));
        assertTrue(r.get("frozen_unchanged").asBoolean(), r.toString());
        JsonNode info = JSON.readTree(model.resolve("head.json").toFile());
        java.util.List<String> trained = new java.util.ArrayList<>();
        info.get("params").get("trainable_layers").forEach(n -> trained.add(n.asText()));
        assertTrue(trained.contains("convnext_tiny_stage_3_block_2_layernorm"), trained.toString());
        assertTrue(trained.contains("layer_normalization"), trained.toString());
        assertTrue(trained.contains("convnext_tiny_stage_3_block_2_layer_scale"), trained.toString());
        assertTrue(!trained.contains("convnext_tiny_stage_3_block_2_depthwise_conv"), trained.toString());
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
