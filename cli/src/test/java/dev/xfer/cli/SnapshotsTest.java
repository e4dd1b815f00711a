package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two datasets, one backbone, one cache: the bug that made this feature store (the second extraction deleted the
 * first one's features) must stay fixed, and every command names snapshots.
 */
class SnapshotsTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 40 + 40 pets photos, the {@code skip}-th on, under class folders {@code names}. */
    private Path dataset(String name, int skip, String... names) throws Exception {
        Path root = home.resolve(name);
        String[] from = {"cat", "dog"};
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(root.resolve(names[c]));
            try (Stream<Path> s = Files.list(SharedData.resolve(SharedData.PETS).resolve(from[c]))) {
                for (Path p : s.sorted().skip(skip).limit(40).toList()) {
                    Files.copy(p, root.resolve(names[c]).resolve(p.getFileName()));
                }
            }
        }
        return root;
    }

    private JsonNode extract(Path data) throws Exception {
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--image-size", "64",
                "--json", data.toString());
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    private static JsonNode json(Cli c) throws Exception {
        assertEquals(0, c.code(), c.err());
        return JSON.readTree(c.out());
    }

    @Test
    void twoDatasetsWithOneBackboneKeepTheirOwnRows() throws Exception {
        JsonNode a = extract(dataset("A", 0, "cat", "dog"));
        JsonNode b = extract(dataset("B", 40, "daisy", "rose"));
        assertEquals(a.get("store").asText(), b.get("store").asText());
        assertEquals(80, a.get("extracted").asInt());
        assertEquals(80, b.get("extracted").asInt());

        for (JsonNode s : List.of(a, b)) {
            Path csv = home.resolve(s.get("dataset").asText() + ".csv");
            assertEquals(0, Cli.run("cache", "export", "--dataset", s.get("dataset").asText(), "--format", "csv",
                    "--out", csv.toString()).code());
            List<String> lines = Files.readAllLines(csv);
            assertEquals(81, lines.size(), "header + 80 rows of " + s.get("dataset"));
            List<String> labels = lines.stream().skip(1).map(l -> l.split(",")[1]).distinct().sorted().toList();
            assertEquals(JSON.convertValue(s.get("classes"), List.class), labels);
        }

        Path head = home.resolve("heads/a-logreg");
        JsonNode trained = json(Cli.run("head", "train", "--dataset", "A", "--type", "logreg", "--out",
                head.toString(), "--json"));
        assertEquals(a.get("snapshot").asText(), trained.get("snapshot").asText());
        JsonNode info = JSON.readTree(head.resolve("head.json").toFile());
        assertEquals(List.of("cat", "dog"), JSON.convertValue(info.get("classes"), List.class));
        assertEquals(a.get("store").asText(), info.get("snapshot").get("store").asText());

        JsonNode again = extract(home.resolve("A"));
        assertEquals(0, again.get("extracted").asInt(), "an unchanged folder costs no conv-base work");
        assertEquals(a.get("snapshot").asText(), again.get("snapshot").asText());

        Cli onto = Cli.run("head", "train", "--dataset", "B", "--type", "logreg", "--out", head.toString());
        assertEquals(2, onto.code(), "a bundle trained on A is not replaced by one trained on B");
        assertEquals(1, onto.err().lines().count(), onto.err());
        assertTrue(onto.err().contains("--force"), onto.err());
        assertEquals(List.of("cat", "dog"), JSON.convertValue(JSON.readTree(head.resolve("head.json").toFile())
                .get("classes"), List.class));

        JsonNode eval = json(Cli.run("head", "evaluate", head.toString(), "--json"));
        assertTrue(eval.get("same_as_recorded").asBoolean(), eval.toString());

        JsonNode list = json(Cli.run("cache", "list", "--json"));
        assertEquals(2, list.get("stores").get(0).get("snapshots").size());
        Cli text = Cli.run("cache", "list", "--cache", home.resolve("cache").toString());
        assertTrue(text.out().contains("latest of A") && text.out().contains("latest of B"), text.out());
    }

    @Test
    void cachesOfXfer01OpenAndMigrate() throws Exception {
        Path fixture = SharedData.repoRoot().resolve("common/src/test/resources/formats/v0.1/cache");
        Path cache = home.resolve("old-cache");
        try (Stream<Path> s = Files.walk(fixture)) {
            for (Path p : s.toList()) {
                Path to = cache.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        String run = "squeezenet-drop9-avg-48-c9666815b89c";
        Cli list = Cli.run("cache", "list", "--cache", cache.toString());
        assertTrue(list.out().contains("xfer 0.1 cache " + run) && list.out().contains("cache migrate"), list.out());
        JsonNode show = json(Cli.run("cache", "show", run, "--cache", cache.toString(), "--json"));
        assertEquals(6, show.get("rows").asInt());
        assertEquals(3, show.get("per_class").get("cat").asInt());
        Cli refused = Cli.run("head", "train", run, "--cache", cache.toString(), "--type", "logreg");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("cache migrate"), refused.err());

        JsonNode migrated = json(Cli.run("cache", "migrate", "--cache", cache.toString(), "--json"));
        assertEquals(2, migrated.get("migrated").size());
        JsonNode after = json(Cli.run("cache", "list", "--cache", cache.toString(), "--json"));
        assertEquals(2, after.get("stores").size());
        assertEquals(0, after.get("legacy").size());
        String snapshot = migrated.get("migrated").get(1).get("snapshot").asText();
        JsonNode s = json(Cli.run("cache", "show", snapshot, "--cache", cache.toString(), "--json"));
        assertEquals(run, s.get("migrated_from").asText());
        assertEquals(1, s.get("quarantine").size());
        assertEquals(0, Cli.run("cache", "verify", "--cache", cache.toString()).code());
    }

    @Test
    void extractingAnotherFolderUnderAUsedNameSaysWhereTheNamePointed() throws Exception {
        Path first = copyPets(home.resolve("flowers"), 3);
        Path other = copyPets(home.resolve("other").resolve("flowers"), 2);
        String[] common = {"extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--image-size",
            "64", "--name", "flowers"};
        Cli a = Cli.run(concat(common, "--json", first.toString()));
        assertEquals(0, a.code(), a.err());
        assertFalse(a.err().contains("now points"), a.err());
        String before = JSON.readTree(a.out()).get("snapshot").asText();

        Cli b = Cli.run(concat(common, other.toString()));
        assertEquals(0, b.code(), b.err());
        List<String> notes = b.err().lines().filter(l -> l.contains("now points to")).toList();
        assertEquals(List.of("xfer: note: dataset 'flowers' now points to " + other.toAbsolutePath().normalize()
                + " (4 photos); it pointed to " + first.toAbsolutePath().normalize() + " (6 photos, snapshot "
                + before.substring(0, 12) + ")"), notes, b.err());
        JsonNode shown = json(Cli.run("cache", "show", "--dataset", "flowers", "--json"));
        assertEquals(4, shown.get("rows").asInt(), shown.toString());

        // --json carries the previous pointer; the same folder again is no re-pointing
        Cli c = Cli.run(concat(common, "--json", first.toString()));
        JsonNode previous = JSON.readTree(c.out()).get("previous");
        assertEquals(other.toAbsolutePath().normalize().toString(), previous.get("root").asText(), c.out());
        assertEquals(4, previous.get("images").asInt());
        Cli d = Cli.run(concat(common, first.toString()));
        assertEquals(0, d.code(), d.err());
        assertFalse(d.err().contains("now points"), d.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
