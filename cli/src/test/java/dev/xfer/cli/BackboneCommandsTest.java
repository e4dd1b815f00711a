package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.Provenance;
import dev.xfer.common.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackboneCommandsTest extends WorkspaceTest {
    private static final String WEIGHTS = SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString();
    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void versionAndHelp() {
        Cli v = Cli.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("xfer "), v.out());
        Cli h = Cli.run("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("backbone"), h.out());
        assertTrue(h.out().contains("Exit codes"), h.out());
    }

    @Test
    void inceptionSummaryTotalsAreKeras() {
        Cli r = Cli.run("backbone", "summary", "inception_v3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Total params: 21,802,784"), r.out());
        assertTrue(r.out().contains("Trainable params: 21,768,352"), r.out());
        assertTrue(r.out().contains("Non-trainable params: 34,432"), r.out());
        assertTrue(r.out().contains("mixed10 (Concatenate)"), r.out());
    }

    @Test
    void summaryJsonAtACutLayer() throws Exception {
        Cli r = Cli.run("backbone", "summary", "vgg16", "--layer", "block4_pool", "--image-size", "64", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode s = JSON.readTree(r.out());
        assertEquals(15, s.get("layers").size());
        JsonNode last = s.get("layers").get(14);
        assertEquals("block4_pool", last.get("name").asText());
        assertEquals("[null,4,4,512]", last.get("outputShape").toString());
        assertEquals(7_635_264, s.get("totalParams").asLong());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Cli small = Cli.run("backbone", "summary", "vgg16", "--image-size", "8");
        assertEquals(2, small.code());
        assertEquals(1, small.err().lines().count(), small.err());
        assertTrue(small.err().startsWith("xfer: input size 8 is too small for vgg16"), small.err());

        Cli usage = Cli.run("backbone", "summary");
        assertEquals(2, usage.code());

        Cli missing = Cli.run("backbone", "summary", home.resolve("no-model").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("unknown backbone"), missing.err());

        Cli verbose = Cli.run("backbone", "summary", "vgg16", "--layer", "nope", "--verbose");
        assertEquals(2, verbose.code());
        assertTrue(verbose.err().contains("at dev.xfer"), "--verbose shows the stack trace");
    }

    @Test
    void importListSummaryAndFeaturesOfTheRealSqueezeNet() throws Exception {
        Cli imp = Cli.run("backbone", "import", "--arch", "squeezenet", "--weights", WEIGHTS, "--name", "sq",
                "--json");
        assertEquals(0, imp.code(), imp.err());
        Path dir = home.resolve("saved_models/sq");
        Provenance p = Provenance.readFrom(dir);
        assertEquals("17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da", p.weightsSha256());
        assertEquals(Provenance.fromJson(imp.out()), p);
        assertTrue(Files.isDirectory(dir.resolve("variables")));

        Cli again = Cli.run("backbone", "import", "--arch", "squeezenet", "--weights", WEIGHTS, "--name", "sq");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());

        Cli list = Cli.run("backbone", "list", "--json");
        assertEquals(0, list.code(), list.err());
        JsonNode l = JSON.readTree(list.out());
        java.util.List<String> names = new java.util.ArrayList<>();
        l.get("built_in").forEach(b -> names.add(b.get("name").asText()));
        assertTrue(names.containsAll(java.util.List.of("vgg16", "inception_v3", "squeezenet", "resnet50",
                "efficientnet_v2_s", "mobilenet_v3_large", "densenet121", "xception")), names.toString());
        assertEquals(38, names.size(), names.toString());
        assertEquals("sq", l.get("saved_models").get(0).get("backbone").asText());

        Cli summary = Cli.run("backbone", "summary", "sq");
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.out().contains("Total params: 722,496"), summary.out());

        Path cat = SharedData.resolve(SharedData.PETS).resolve("cat/1.jpg");
        Path bogus = home.resolve("bogus.jpg");
        Files.writeString(bogus, "not a jpeg");
        Cli f = Cli.run("backbone", "features", "sq", cat.toString(), bogus.toString(), "--json");
        assertEquals(0, f.code(), f.err());
        JsonNode rows = JSON.readTree(f.out()).get("images");
        assertEquals(1, rows.size());
        assertEquals(512, rows.get(0).get("features").size());
        // golden features of this photo (PIL decoding) have norm 95.605; TF's resize differs by a fraction
        assertEquals(95.6, rows.get(0).get("l2_norm").asDouble(), 0.5);
        assertTrue(f.err().contains("skipped " + bogus), f.err());
        assertFalse(f.err().contains("Exception"), f.err());
    }
}
