package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.extract.graph.Arithmetic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code --precision} end to end on real pets photos and the real SqueezeNet weights: bf16 features go to a store
 * of their own beside fp32's, a head trained on them records the precision, predict rebuilds the conv base in it;
 * on a CPU without bfloat16 instructions extract says in one line that bf16 is slower there; a SavedModel export
 * refuses bf16.
 */
class PrecisionCommandsTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode extract(Path data, String precision) throws Exception {
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--precision",
                precision, "--name", "pets-" + precision, "--json", data.toString());
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void bf16IsStoredApartAndPredictRebuildsIt() throws Exception {
        Path data = pets(10);
        JsonNode fp32 = extract(data, "fp32");
        JsonNode bf16 = extract(data, "bf16");
        assertEquals(20, bf16.get("extracted").asInt(), "fp32's features are not reused for bf16: " + bf16);
        assertNotEquals(fp32.get("store").asText(), bf16.get("store").asText());
        assertTrue(bf16.get("store").asText().contains("-bf16-"), bf16.toString());
        assertEquals(0, extract(data, "bf16").get("extracted").asInt(), "a rerun reuses its own store");

        Path head = home.resolve("heads").resolve("bf16");
        Cli t = Cli.run("head", "train", bf16.get("snapshot").asText(), "--type", "logreg", "--val", "0.25",
                "--test", "0", "--out", head.toString(), "--quiet");
        assertEquals(0, t.code(), t.err());
        JsonNode info = JSON.readTree(head.resolve("head.json").toFile());
        assertEquals("bf16", info.get("provenance").get("precision").asText());

        Path cat = Files.list(data.resolve("cat")).sorted().findFirst().orElseThrow();
        Cli p = Cli.run("predict", "--head", head.toString(), cat.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().matches("(?s).*: \\d+\\.\\d% cat, \\d+\\.\\d% dog\\s*"), p.out());
    }

    @Test
    void bf16NotesWhenSlowerAndExportRefusesIt() throws Exception {
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", "random", "--precision", "bf16",
                "--quiet", pets(2).toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(!Arithmetic.cpuHasBf16(), r.err().contains("xfer: note: --precision bf16 on a CPU without"),
                r.err());
        Cli export = Cli.run("backbone", "import", "--arch", "squeezenet", "--weights", "random", "--precision",
                "bf16");
        assertEquals(2, export.code(), export.err());
        assertTrue(export.err().contains("export with --precision fp32"), export.err());
    }
}
