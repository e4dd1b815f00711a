package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code backbone compare} on 16 real pets photos: SqueezeNet with its real ImageNet weights beside a
 * random-weights MobileNetV3-Small, both at 64 px, two heads on 3 folds. Both stores are written, a rerun
 * extracts nothing, every row is head compare's on the same folds, and the saved winner predicts.
 */
class BackboneCompareTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private String[] args(Path data, String... more) {
        List<String> a = new ArrayList<>(List.of("backbone", "compare", data.toString(), "--backbones",
                "squeezenet@" + squeezenetWeights() + ",mobilenet_v3_small@random", "--image-size", "64",
                "--heads", "logreg,svm", "--cv", "3"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void oneLeaderboardOfBackboneByHeadOnTheSameFoldsAndARerunExtractsNothing() throws Exception {
        Path data = pets(8);
        Path best = home.resolve("best");
        Cli first = Cli.run(args(data, "--json", "--save-best", best.toString()));
        assertEquals(0, first.code(), first.err());
        JsonNode r = JSON.readTree(first.out());
        assertEquals("accuracy", r.get("metric").asText());
        assertEquals(3, r.get("folds").asInt());
        JsonNode backbones = r.get("backbones");
        assertEquals(2, backbones.size());
        Set<String> stores = new HashSet<>();
        for (JsonNode b : backbones) {
            assertEquals(16, b.get("images").asInt(), b.toString());
            assertEquals(16, b.get("extracted").asInt(), b.toString());
            assertEquals(64, b.get("image_size").asInt(), b.toString());
            assertTrue(b.get("images_per_second").asDouble() > 0, b.toString());
            assertEquals("measured", b.get("rate").asText());
            assertTrue(Files.isDirectory(Path.of(b.get("store_dir").asText())), b.toString());
            stores.add(b.get("store").asText());
        }
        assertEquals(2, stores.size(), backbones.toString());
        assertEquals("squeezenet", backbones.get(0).get("backbone").asText());
        assertEquals(512, backbones.get(0).get("feature_width").asInt());
        assertEquals("mobilenet_v3_small", backbones.get(1).get("backbone").asText());
        assertEquals(576, backbones.get(1).get("feature_width").asInt());
        assertTrue(backbones.get(1).get("weights").asText().startsWith("random"), backbones.toString());

        JsonNode board = r.get("leaderboard");
        assertEquals(4, board.size(), board.toString());
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < board.size(); i++) {
            JsonNode row = board.get(i);
            assertEquals(i + 1, row.get("rank").asInt());
            pairs.add(row.get("backbone").asText() + "+" + row.get("head").asText());
            for (String m : List.of("accuracy", "balanced_accuracy", "log_loss")) {
                assertTrue(row.get(m).has("mean") && row.get(m).has("std"), row.toString());
            }
            assertEquals(3, row.get("fold_accuracy").size());
            if (i > 0) {
                assertTrue(board.get(i - 1).get("accuracy").get("mean").asDouble()
                        >= row.get("accuracy").get("mean").asDouble(), board.toString());
            }
        }
        assertEquals(Set.of("squeezenet+logreg", "squeezenet+svm", "mobilenet_v3_small+logreg",
                "mobilenet_v3_small+svm"), pairs);

        // each row is exactly head compare's on that backbone's snapshot: the same seeded folds
        String random = backbones.get(1).get("snapshot").asText();
        Cli hc = Cli.run("head", "compare", random, "--heads", "logreg", "--cv", "3", "--json", "--out",
                home.resolve("hc").toString());
        assertEquals(0, hc.code(), hc.err());
        JsonNode hcRow = JSON.readTree(hc.out()).get("leaderboard").get(0);
        JsonNode ours = null;
        for (JsonNode row : board) {
            if (row.get("backbone").asText().equals("mobilenet_v3_small") && row.get("head").asText().equals("logreg")) {
                ours = row;
            }
        }
        assertEquals(hcRow.get("fold_accuracy"), ours.get("fold_accuracy"));
        assertEquals(hcRow.get("log_loss"), ours.get("log_loss"));

        // the winner, saved as head compare saves its own, predicts
        JsonNode head = JSON.readTree(best.resolve("head.json").toFile());
        JsonNode winner = board.get(0);
        String winnerSnapshot = winner.get("backbone").asText().equals("squeezenet")
                ? backbones.get(0).get("snapshot").asText() : random;
        assertEquals(winnerSnapshot, head.get("snapshot").get("id").asText(), head.toString());
        assertEquals(winner.get("head").asText(), head.get("type").asText());
        assertTrue(Files.isRegularFile(best.resolve("report.html")));
        assertTrue(Files.readString(best.resolve("backbones.html")).contains("mobilenet_v3_small"));
        Cli predicted = Cli.run("predict", "--head", best.toString(), "--json", data.resolve("cat").toString());
        assertEquals(0, predicted.code(), predicted.err());
        assertEquals(8, JSON.readTree(predicted.out()).get("results").size());
        String html = Files.readString(Path.of(r.get("report").asText()));
        assertTrue(html.contains("squeezenet") && html.contains("<svg") && !html.contains("src=\"http"), html);

        // a rerun extracts nothing, says so instead of a rate, and scores the same
        Cli again = Cli.run(args(data, "--json"));
        assertEquals(0, again.code(), again.err());
        JsonNode r2 = JSON.readTree(again.out());
        for (JsonNode b : r2.get("backbones")) {
            assertEquals(0, b.get("extracted").asInt(), b.toString());
            assertEquals(16, b.get("reused").asInt(), b.toString());
            assertTrue(b.get("images_per_second").isNull(), b.toString());
            assertEquals("reused", b.get("rate").asText());
        }
        for (int i = 0; i < board.size(); i++) {
            assertEquals(board.get(i).get("accuracy"), r2.get("leaderboard").get(i).get("accuracy"));
        }
        Cli text = Cli.run(args(data, "--quiet"));
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("nothing extracted, all 16 photos reused"), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s+1\\s+\\S+\\s+(logreg|svm)\\s+[0-9.]+ ± .*reused.*")),
                text.out());
        assertTrue(text.out().contains("winner "), text.out());

        // the bundle is not replaced without --force
        Cli refused = Cli.run(args(data, "--quiet", "--save-best", best.toString()));
        assertEquals(2, refused.code(), refused.out());
        assertNotEquals("", refused.err().strip());
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        Path data = pets(2);
        for (String[] a : List.of(
                new String[] {"backbone", "compare", data.toString(), "--backbones", "squeezenet,resnet5"},
                new String[] {"backbone", "compare", home.resolve("missing").toString(), "--backbones", "squeezenet"},
                new String[] {"backbone", "compare", data.toString(), "--backbones", "squeezenet,squeezenet"},
                new String[] {"backbone", "compare", data.toString(), "--backbones", "squeezenet@", "--cv", "2"},
                new String[] {"backbone", "compare", data.toString(), "--backbones",
                        "squeezenet,mobilenet_v3_small@" + home.resolve("none.h5")},
                new String[] {"backbone", "compare", data.toString(), "--backbones", "squeezenet", "--cv", "1"})) {
            Cli c = Cli.run(a);
            assertEquals(2, c.code(), String.join(" ", a) + ": " + c.err());
            assertEquals(1, c.err().strip().lines().count(), c.err());
        }
        assertTrue(Cli.run("backbone", "compare", data.toString(), "--backbones", "squeezenet,resnet5").err()
                .contains("unknown backbone 'resnet5'"));
        // nothing was extracted for the good entry before the bad one was found
        assertTrue(!Files.exists(home.resolve("cache")) || Files.list(home.resolve("cache"))
                .noneMatch(p -> p.getFileName().toString().startsWith("squeezenet")));
        // one backbone is a leaderboard of its heads
        Cli one = Cli.run("backbone", "compare", data.toString(), "--backbones", "squeezenet@" + squeezenetWeights(),
                "--image-size", "64", "--heads", "logreg", "--cv", "2", "--json");
        assertEquals(0, one.code(), one.err());
        assertEquals(1, JSON.readTree(one.out()).get("leaderboard").size());
    }
}
