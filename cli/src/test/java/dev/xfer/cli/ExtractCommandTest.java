package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExtractCommandTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void extractTwiceThenShowVerifyAndRepair() throws Exception {
        Path data = pets(6);
        String weights = squeezenetWeights();
        Cli first = Cli.run("extract", "--backbone", "squeezenet", "--weights", weights, "--image-size", "64",
                "--json", data.toString());
        assertEquals(0, first.code(), first.err());
        JsonNode r = JSON.readTree(first.out());
        assertEquals(12, r.get("extracted").asInt());
        assertEquals(12, r.get("images").asInt());
        assertEquals(0, r.get("reused").asInt());
        assertEquals(0, r.get("skipped").asInt());
        assertEquals("pets", r.get("dataset").asText(), "the folder's name by default");
        String snapshot = r.get("snapshot").asText();
        assertEquals(64, snapshot.length());
        Cli second = Cli.run("extract", "--backbone", "squeezenet", "--weights", weights, "--image-size", "64",
                "--quiet", data.toString());
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().startsWith("12 images: 0 extracted, 12 reused, 0 skipped"), second.out());
        assertTrue(second.out().contains("snapshot " + snapshot.substring(0, 12) + " of pets"), second.out());

        Cli show = Cli.run("cache", "show", snapshot.substring(0, 8), "--json");
        assertEquals(0, show.code(), show.err());
        JsonNode s = JSON.readTree(show.out());
        assertEquals(6, s.get("per_class").get("cat").asInt());
        assertEquals(12, s.get("per_split").get("none").asInt(), "no split folders: 'none', never null");
        assertEquals("17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da",
                s.get("provenance").get("weights_sha256").asText());
        Cli text = Cli.run("cache", "show", "--dataset", "pets");
        assertTrue(text.out().contains("per split: none 12") && !text.out().contains("null"), text.out());
        assertEquals(0, Cli.run("cache", "verify").code());

        Path shards = home.resolve("cache").resolve(r.get("store").asText()).resolve("shards");
        Path shard;
        try (var list = Files.list(shards)) {
            shard = list.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 1; // one flipped bit in the features: the footer still reads
        Files.write(shard, bytes);
        Cli damaged = Cli.run("cache", "verify");
        assertEquals(1, damaged.code());
        assertTrue(damaged.out().contains("damaged"), damaged.out());
        Cli damagedJson = Cli.run("cache", "verify", "--json");
        assertEquals(1, damagedJson.code());
        JsonNode v = JSON.readTree(damagedJson.out());
        assertEquals(false, v.get("ok").asBoolean());
        assertEquals(1, v.get("problems").asInt());
        JsonNode store = v.get("stores").get(0);
        assertEquals(r.get("store").asText(), store.get("store").asText());
        assertEquals(false, store.get("ok").asBoolean());
        assertTrue(store.get("problems").get(0).get("object").asText().endsWith(shard.getFileName().toString()),
                store.toString());
        assertTrue(store.get("problems").get(0).get("what").asText().startsWith("damaged"), store.toString());
        Cli train = Cli.run("head", "train", snapshot, "--type", "logreg");
        assertEquals(2, train.code(), "a damaged shard is refused, not trained on");
        assertTrue(train.err().contains("cache verify --repair"), train.err());
        Cli repair = Cli.run("cache", "verify", "--repair");
        assertTrue(repair.out().contains("moved"), repair.out());
        Cli again = Cli.run("extract", "--backbone", "squeezenet", "--weights", weights, "--image-size", "64",
                "--json", data.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(12, JSON.readTree(again.out()).get("extracted").asInt(), "the damaged shard's rows re-extracted");
        assertEquals(snapshot, JSON.readTree(again.out()).get("snapshot").asText(), "the same listing");
        assertEquals(0, Cli.run("cache", "verify").code());
        Cli clean = Cli.run("cache", "verify", "--json");
        assertEquals(0, clean.code());
        JsonNode ok = JSON.readTree(clean.out());
        assertTrue(ok.get("ok").asBoolean(), clean.out());
        assertEquals(1, ok.get("stores").get(0).get("snapshots").asInt(), clean.out());
        assertEquals(0, ok.get("stores").get(0).get("moved_aside").size(), "a clean store moves nothing");
    }

    @Test
    void aMissingFolderIsExitTwo() {
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", "random", home.resolve("none").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such folder"), r.err());
    }

    @Test
    void aBadDatasetNameIsExitTwo() throws Exception {
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", "random", "--name", "../up",
                pets(1).toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a dataset name is letters"), r.err());
    }
}
