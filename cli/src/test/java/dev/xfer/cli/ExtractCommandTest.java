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
    void extractTwiceThenShowAndVerify() throws Exception {
        Path data = pets(6);
        String weights = squeezenetWeights();
        Cli first = Cli.run("extract", "--backbone", "squeezenet", "--weights", weights, "--image-size", "64",
                "--json", data.toString());
        assertEquals(0, first.code(), first.err());
        JsonNode r = JSON.readTree(first.out());
        assertEquals(12, r.get("new").asInt());
        assertEquals(12, r.get("rows").asInt());
        Cli second = Cli.run("extract", "--backbone", "squeezenet", "--weights", weights, "--image-size", "64",
                "--quiet", data.toString());
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().startsWith("12 images: 0 new, 12 reused, 0 skipped"), second.out());

        String run = r.get("run_id").asText();
        Cli show = Cli.run("cache", "show", run, "--json");
        assertEquals(0, show.code(), show.err());
        JsonNode s = JSON.readTree(show.out());
        assertEquals(6, s.get("per_class").get("cat").asInt());
        assertEquals("17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da",
                s.get("provenance").get("weights_sha256").asText());
        assertEquals(0, Cli.run("cache", "verify").code());

        Path shard = Path.of(r.get("cache").asText()).resolve(JSON.readTree(
                Path.of(r.get("cache").asText()).resolve("manifest.json").toFile()).get("shards").get(0).get("file").asText());
        Files.write(shard, new byte[] {1, 2, 3});
        Cli damaged = Cli.run("cache", "verify");
        assertEquals(1, damaged.code());
        assertTrue(damaged.out().contains("DAMAGED"), damaged.out());
        Cli repaired = Cli.run("extract", "--backbone", "squeezenet", "--weights", weights, "--image-size", "64",
                "--json", data.toString());
        assertEquals(0, repaired.code(), repaired.err());
        assertEquals(12, JSON.readTree(repaired.out()).get("new").asInt(), "the damaged shard's rows re-extracted");
        assertEquals(0, Cli.run("cache", "verify").code());
    }

    @Test
    void aMissingFolderIsExitTwo() {
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", "random", home.resolve("none").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such folder"), r.err());
    }
}
