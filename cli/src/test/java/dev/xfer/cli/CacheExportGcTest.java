package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.cache.FeatureTable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** Export writes exactly the cached values in each format; gc drops only runs no head refers to. */
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
        String run = extract(data, "64").get("run_id").asText();
        FeatureTable t;
        try (RootAllocator a = new RootAllocator()) {
            t = FeatureTable.load(home.resolve("cache").resolve(run), a, true);
            assertEquals(0, a.getAllocatedMemory(), "no Arrow buffer leaks");
        }
        assertEquals(8, t.rows());
        assertEquals(512, t.dim());

        Path npy = home.resolve("out-npy");
        assertEquals(0, Cli.run("cache", "export", run, "--format", "npy", "--out", npy.toString()).code());
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
    void gcDropsOnlyRunsNoHeadRefersTo() throws Exception {
        Path data = pets(2);
        String used = extract(data, "64").get("run_id").asText();
        String unused = extract(data, "48").get("run_id").asText();
        Path bundle = Files.createDirectories(home.resolve("heads/logreg"));
        Files.writeString(bundle.resolve("head.json"), "{\"cache_run\": \"" + used + "\"}");

        Cli dry = Cli.run("cache", "gc", "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("would remove " + unused), dry.out());
        assertFalse(dry.out().contains("would remove " + used), dry.out());
        assertTrue(Files.isDirectory(home.resolve("cache").resolve(unused)), "a dry run removes nothing");

        Cli gc = Cli.run("cache", "gc", "--json");
        assertEquals(0, gc.code(), gc.err());
        JsonNode r = readJson(gc.out());
        assertEquals(unused, r.get("removed").get(0).get("run").asText());
        assertEquals(used, r.get("kept").get(0).asText());
        assertFalse(Files.exists(home.resolve("cache").resolve(unused)));
        assertTrue(Files.isRegularFile(home.resolve("cache").resolve(used).resolve("manifest.json")));
    }
}
