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
 * {@code --precision} end to end on real pets photos and the real SqueezeNet weights: bf16-emulated features go
 * to a store of their own beside fp32's, a head trained on them records the precision, and predict rebuilds the
 * conv base in it; bf16 itself exits 2 on a CPU without bfloat16 instructions, before any image is read.
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
    void emulatedBf16IsStoredApartAndPredictRebuildsIt() throws Exception {
        Path data = pets(10);
        JsonNode fp32 = extract(data, "fp32");
        JsonNode bf16 = extract(data, "bf16-emulated");
        assertEquals(20, bf16.get("extracted").asInt(), "fp32's features are not reused for bf16: " + bf16);
        assertNotEquals(fp32.get("store").asText(), bf16.get("store").asText());
        assertTrue(bf16.get("store").asText().contains("-bf16-emulated-"), bf16.toString());
        assertEquals(0, extract(data, "bf16-emulated").get("extracted").asInt(), "a rerun reuses its own store");

        Path head = home.resolve("heads").resolve("bf16");
        Cli t = Cli.run("head", "train", bf16.get("snapshot").asText(), "--type", "logreg", "--val", "0.25",
                "--test", "0", "--out", head.toString(), "--quiet");
        assertEquals(0, t.code(), t.err());
        JsonNode info = JSON.readTree(head.resolve("head.json").toFile());
        assertEquals("bf16-emulated", info.get("provenance").get("precision").asText());

        Path cat = Files.list(data.resolve("cat")).sorted().findFirst().orElseThrow();
        Cli p = Cli.run("predict", "--head", head.toString(), cat.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().matches("(?s).*: \\d+\\.\\d% cat, \\d+\\.\\d% dog\\s*"), p.out());
    }

    @Test
    void bf16WithoutTheInstructionsExitsTwoBeforeReadingImages() throws Exception {
        if (Arithmetic.cpuHasBf16()) {
            return; // nothing to refuse on this CPU; PrecisionTest checks bf16's features there
        }
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", "random", "--precision", "bf16",
                pets(2).toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no bfloat16 instructions") && !r.err().contains("hashing"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
