package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.SharedData;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureTable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** Export writes exactly the stored values in each format; gc keeps what heads and datasets still need. */
class CacheExportGcTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode extract(Path data, String size) {
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--image-size",
                size, "--shard-rows", "3", "--json", data.toString());
        assertEquals(0, r.code(), r.err());
        return readJson(r.out());
    }

    private static JsonNode readJson(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }

    @Test
    void exportsNpyCsvAndParquetWithTheCachedValues() throws Exception {
        Path data = pets(4);
        String run = extract(data, "64").get("snapshot").asText();
        FeatureTable t;
        try (RootAllocator a = new RootAllocator()) {
            t = new Catalog(new LocalStorage(home.resolve("cache"))).resolve(run).table(a, true);
            assertEquals(0, a.getAllocatedMemory(), "no Arrow buffer leaks");
        }
        assertEquals(8, t.rows());
        assertEquals(512, t.dim());

        Path npy = home.resolve("out-npy");
        assertEquals(0, Cli.run("cache", "export", run, "--format", "npy", "--out", npy.toString()).code());
        Cli again = Cli.run("cache", "export", run, "--format", "npy", "--out", npy.toString());
        assertEquals(2, again.code(), "an export is not replaced without --force");
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(0, Cli.run("cache", "export", run, "--format", "npy", "--out", npy.toString(), "--force")
                .code());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(npy.resolve("features.npy"))).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = b.getShort(8);
        String header = new String(Files.readAllBytes(npy.resolve("features.npy")), 10, headerLen,
                StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (8, 512)") && header.contains("'<f4'"), header);
        assertEquals(0, (10 + headerLen) % 64, "npy data is 64-byte aligned");
        float[] fromNpy = new float[8 * 512];
        b.position(10 + headerLen);
        b.asFloatBuffer().get(fromNpy);
        assertArrayEquals(t.features(), fromNpy);
        List<String> rows = Files.readAllLines(npy.resolve("rows.csv"));
        assertEquals("path,label,split,sha256,view", rows.getFirst());
        assertTrue(rows.get(1).endsWith(",0"), "an image's own row is view 0: " + rows.get(1));
        assertTrue(rows.get(1).startsWith(t.paths().getFirst() + ",cat,,"), rows.get(1));

        Path csv = home.resolve("out.csv");
        assertEquals(0, Cli.run("cache", "export", run, "--format", "csv", "--out", csv.toString()).code());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(9, lines.size());
        String[] first = lines.get(1).split(",");
        assertEquals(5 + 512, first.length);
        for (int j = 0; j < 512; j++) {
            assertEquals(t.features()[j], Float.parseFloat(first[5 + j]), "csv value " + j + " round-trips");
        }

        Path pq = home.resolve("out.parquet");
        Cli p = Cli.run("cache", "export", run, "--format", "parquet", "--out", pq.toString(), "--json");
        assertEquals(0, p.code(), p.err());
        assertEquals(8, readJson(p.out()).get("rows").asInt());
        // Values are compared with pyarrow by bench/arrow_interop.py (run by scripts/test.sh); parquet-java's
        // readers need Hadoop's own dependencies, so here the file's frame and footer are checked as bytes.
        byte[] bytes = Files.readAllBytes(pq);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("PAR1") && text.endsWith("PAR1"), "Parquet magic at both ends");
        assertTrue(text.contains("xfer.provenance") && text.contains("\"weights_sha256\""), "provenance in the footer");
    }

    @Test
    void gcKeepsLatestAndNamedSnapshotsAndFreesTheRest() throws Exception {
        Path data = pets(3);
        String first = extract(data, "64").get("snapshot").asText();
        Files.copy(SharedData.resolve(SharedData.PETS).resolve("dog/1.jpg"), data.resolve("dog/extra.jpg"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(data.resolve("cat").resolve(firstFile(data.resolve("cat"))));
        String named = extract(data, "64").get("snapshot").asText();
        Files.delete(data.resolve("cat").resolve(firstFile(data.resolve("cat"))));
        String latest = extract(data, "64").get("snapshot").asText();
        Path bundle = Files.createDirectories(home.resolve("heads/logreg"));
        Files.writeString(bundle.resolve("head.json"), "{\"snapshot\": {\"id\": \"" + named + "\"}}");

        Cli dry = Cli.run("cache", "gc", "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("would remove snapshot " + first.substring(0, 12)), dry.out());
        assertFalse(dry.out().contains("would remove snapshot " + named.substring(0, 12)), dry.out());
        assertEquals(0, Cli.run("cache", "show", first).code(), "a dry run removes nothing");

        Cli gc = Cli.run("cache", "gc", "--json");
        assertEquals(0, gc.code(), gc.err());
        JsonNode r = readJson(gc.out()).get("stores").get(0);
        assertEquals(first, r.get("removed_snapshots").get(0).get("snapshot").asText());
        assertEquals(2, r.get("kept_snapshots").size());
        assertEquals(2, Cli.run("cache", "show", first).code(), "gone");
        for (String kept : new String[] {named, latest}) {
            assertEquals(0, Cli.run("cache", "export", kept, "--format", "csv", "--out",
                    home.resolve(kept + ".csv").toString()).code(), "still whole: " + kept);
        }
        assertEquals(0, Cli.run("cache", "verify").code());
    }

    private static String firstFile(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().findFirst().orElseThrow().getFileName().toString();
        }
    }
}
