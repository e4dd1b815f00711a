package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code head compare} on real SqueezeNet features of 40 real pets photos: the ranking metric, the refit on every
 * row, hyperparameter grids with their nested score, and one-line refusals of bad grids.
 */
class HeadCompareTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private String run;

    @BeforeEach
    void extractPets() throws Exception {
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--json",
                pets(20).toString());
        assertEquals(0, r.code(), r.err());
        run = JSON.readTree(r.out()).get("snapshot").asText();
    }

    private JsonNode compare(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("head", "compare", run, "--json", "--force"));
        a.addAll(List.of(args));
        Cli c = Cli.run(a.toArray(String[]::new));
        assertEquals(0, c.code(), c.err());
        return JSON.readTree(c.out());
    }

    private static double mean(JsonNode row, String metric) {
        return row.get(metric).get("mean").asDouble();
    }

    @Test
    void logLossPicksTheLowestLogLossAndAccuracyStaysTheDefault() throws Exception {
        String heads = "logreg:C=0.001|1,knn:k=1|9,svm-rbf";
        JsonNode byLoss = compare("--heads", heads, "--cv", "4", "--metric", "log_loss");
        JsonNode board = byLoss.get("leaderboard");
        assertEquals("log_loss", byLoss.get("metric").asText());
        assertEquals(5, board.size());
        for (int i = 1; i < board.size(); i++) {
            assertTrue(mean(board.get(i - 1), "log_loss") <= mean(board.get(i), "log_loss"), board.toString());
        }
        assertEquals(board.get(0).get("spec").asText(), byLoss.get("winner_spec").asText());
        JsonNode saved = JSON.readTree(Path.of(byLoss.get("head").asText()).resolve("head.json").toFile());
        assertEquals("log_loss", saved.get("metrics").get("metric").asText());
        assertEquals(byLoss.get("winner_spec").asText(), saved.get("metrics").get("winner_spec").asText());
        JsonNode byAccuracy = compare("--heads", heads, "--cv", "4");
        assertEquals("accuracy", byAccuracy.get("metric").asText());
        JsonNode acc = byAccuracy.get("leaderboard");
        for (int i = 1; i < acc.size(); i++) {
            assertTrue(mean(acc.get(i - 1), "accuracy") >= mean(acc.get(i), "accuracy"), acc.toString());
        }
        // knn with k=1 gives hard 0/1 probabilities: accurate enough, but its log-loss is the worst
        assertEquals("knn:k=1", board.get(board.size() - 1).get("spec").asText(), board.toString());
    }

    @Test
    void theWinnerIsRefittedOnEveryRowAndHeadJsonSaysSo() throws Exception {
        JsonNode r = compare("--heads", "logreg,knn", "--cv", "4");
        JsonNode split = JSON.readTree(Path.of(r.get("head").asText()).resolve("head.json").toFile()).get("split");
        assertEquals(0.0, split.get("val").asDouble(), split.toString());
        assertEquals(0.0, split.get("test").asDouble(), split.toString());
        assertEquals(40, split.get("train_rows").asInt(), split.toString());
        assertEquals(0, split.get("val_rows").asInt(), split.toString());
        assertEquals(split, r.get("refit"));
        Cli evaluated = Cli.run("head", "evaluate", r.get("head").asText(), "--json");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertTrue(JSON.readTree(evaluated.out()).path("scores").has("train"), evaluated.out());

        // dense is the one head that keeps a seeded tenth back, for early stopping
        JsonNode d = compare("--heads", "dense:epochs=20", "--cv", "2", "--out", home.resolve("heads/d").toString());
        JsonNode ds = JSON.readTree(home.resolve("heads/d/head.json").toFile()).get("split");
        assertEquals(0.1, ds.get("val").asDouble(), ds.toString());
        assertEquals(4, ds.get("val_rows").asInt(), ds.toString());
        assertEquals(36, ds.get("train_rows").asInt(), ds.toString());
        assertFalse(d.hasNonNull("nested"), "one configuration: nothing was chosen, nothing to nest");
    }

    @Test
    void aGridOfThreeCValuesGivesThreeRowsWithTheirParametersAndANestedScore() throws Exception {
        JsonNode r = compare("--heads", "logreg:C=0.01|0.1|1", "--cv", "4");
        JsonNode board = r.get("leaderboard");
        assertEquals(3, board.size());
        List<Double> cs = new ArrayList<>();
        for (JsonNode row : board) {
            assertEquals("logreg", row.get("head").asText());
            cs.add(row.get("params").get("C").asDouble());
            assertEquals("logreg:C=" + row.get("spec").asText().substring("logreg:C=".length()),
                    row.get("spec").asText());
            assertEquals(row.get("params").get("C").asDouble(),
                    Double.parseDouble(row.get("spec").asText().substring("logreg:C=".length())));
        }
        assertEquals(List.of(0.01, 0.1, 1.0), cs.stream().sorted().toList());
        JsonNode nested = r.get("nested");
        assertEquals(4, nested.get("outer_folds").asInt());
        assertEquals(3, nested.get("inner_folds").asInt());
        assertEquals(4, nested.get("chosen").size());
        // each outer fold is scored by the configuration its inner folds chose, on that fold: the nested mean is
        // the mean of those configurations' own fold accuracies, fold by fold
        double sum = 0;
        for (int o = 0; o < 4; o++) {
            String chosen = nested.get("chosen").get(o).asText();
            for (JsonNode row : board) {
                if (row.get("spec").asText().equals(chosen)) {
                    sum += row.get("fold_accuracy").get(o).asDouble();
                }
            }
        }
        assertEquals(sum / 4, nested.get("accuracy").get("mean").asDouble(), 1e-12);
        assertTrue(nested.get("accuracy").get("mean").asDouble() <= mean(board.get(0), "accuracy") + 1e-12,
                "the best row's mean is the best of three; the nested score cannot beat it");

        Path dir = Path.of(r.get("head").asText());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Winner: " + r.get("winner_spec").asText()), "the report names the winner");
        assertTrue(html.contains("Confusion matrix: " + r.get("winner_spec").asText()), html);
        assertTrue(html.contains("<th>class</th><th>precision</th>"), "and shows its per-class table");
        assertTrue(html.contains("Nested score"), html);
        Cli text = Cli.run("head", "compare", run, "--heads", "logreg:C=0.01|0.1|1,svm-rbf:C=1|10", "--cv", "3",
                "--force");
        assertEquals(0, text.code(), text.err());
        for (String spec : List.of("logreg:C=0.01", "logreg:C=0.1", "logreg:C=1", "svm-rbf:C=1", "svm-rbf:C=10")) {
            assertTrue(text.out().contains("\n  " + spec + " "), "the issue's own example, row " + spec + ":\n"
                    + text.out());
        }
        assertTrue(text.out().contains("nested score of the choice (3 outer folds"), text.out());
    }

    @Test
    void aGridFileAddsItsSpecs() throws Exception {
        Path grid = home.resolve("grid.txt");
        Files.writeString(grid, "# C for the linear heads\nlogreg:C=0.1|1\n\nsvm:C=1\n");
        JsonNode r = compare("--grid", grid.toString(), "--cv", "3");
        List<String> specs = new ArrayList<>();
        r.get("leaderboard").forEach(row -> specs.add(row.get("spec").asText()));
        assertEquals(List.of("logreg:C=0.1", "logreg:C=1", "svm:C=1"), specs.stream().sorted().toList());
        assertTrue(r.hasNonNull("nested"), r.toString());
        JsonNode plain = compare("--grid", grid.toString(), "--cv", "3", "--no-nested");
        assertFalse(plain.hasNonNull("nested"), plain.toString());
        for (int i = 0; i < 3; i++) {
            JsonNode a = r.get("leaderboard").get(i);
            JsonNode b = plain.get("leaderboard").get(i);
            assertEquals(a.get("spec"), b.get("spec"), "the same folds, the same ranking");
            assertEquals(a.get("fold_accuracy"), b.get("fold_accuracy"));
            assertEquals(a.get("log_loss"), b.get("log_loss"));
        }
    }

    @Test
    void badGridsExitTwoWithOneLine() throws Exception {
        Path missing = home.resolve("nope.txt");
        String[][] bad = {{"--heads", "logreg:C=0.1||1"}, {"--heads", "logreg:C=abc"}, {"--heads", "logreg:trees=5"},
            {"--heads", "lgreg:C=1"}, {"--heads", "logreg:C=-1"}, {"--heads", "logreg,logreg:C=1"},
            {"--heads", "knn:k=0|3"}, {"--grid", missing.toString()}, {"--metric", "auc"}};
        for (String[] args : bad) {
            List<String> a = new ArrayList<>(List.of("head", "compare", run));
            a.addAll(List.of(args));
            Cli c = Cli.run(a.toArray(String[]::new));
            assertEquals(2, c.code(), String.join(" ", args) + ": " + c.err());
            assertEquals(1, c.err().strip().lines().count(), String.join(" ", args) + ": " + c.err());
            assertNotEquals("", c.err().strip());
            assertFalse(Files.exists(home.resolve("heads")), "nothing fitted or written before the grid is read");
        }
    }
}
