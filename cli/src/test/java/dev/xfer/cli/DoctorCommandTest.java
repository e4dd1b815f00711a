package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.SharedData;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code xfer doctor} on real SqueezeNet features of a small planted pets set: 80 cats and 80 dogs from the repo
 * split 60/20 into train/test, 4 photos moved into the other class's folder, 3 re-encoded near copies (2 across
 * splits) and 1 byte-identical copy across splits.
 */
class DoctorCommandTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Planted(Path root, List<String> flips, List<List<String>> pairs, Set<String> crossPairs) {
    }

    @Test
    void findsEveryPlantedDuplicateLeakAndMostFlips() throws Exception {
        Planted p = plant(home.resolve("planted"));
        Cli x = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--json",
                p.root().toString());
        assertEquals(0, x.code(), x.err());
        String snap = JSON.readTree(x.out()).get("snapshot").asText();
        Path out = home.resolve("doctor");
        Cli d = Cli.run("doctor", snap, "--json", "--out", out.toString());
        assertEquals(0, d.code(), d.err());
        JsonNode r = JSON.readTree(d.out());
        for (String key : List.of("duplicates", "leaks", "label_issues", "outliers")) {
            assertTrue(r.get(key).isArray(), key);
        }
        JsonNode g0 = r.get("duplicates").get(0);
        for (String key : List.of("paths", "splits", "similarity", "exact")) {
            assertTrue(g0.has(key), key + " in " + g0);
        }
        for (List<String> pair : p.pairs()) {
            assertTrue(inOneGroup(r.get("duplicates"), pair), pair + " not grouped: " + r.get("duplicates"));
            assertEquals(p.crossPairs().contains(pair.getFirst()), inOneGroup(r.get("leaks"), pair), pair + " leak?");
        }
        assertTrue(r.get("duplicates").size() <= p.pairs().size() + 1, "at most one unplanted group: "
                + r.get("duplicates"));
        boolean exactSeen = false;
        for (JsonNode g : r.get("duplicates")) {
            exactSeen |= g.get("exact").asBoolean() && g.get("similarity").asDouble() == 1.0;
        }
        assertTrue(exactSeen, "the byte-identical copy is reported as exact");

        List<String> issues = new ArrayList<>();
        r.get("label_issues").forEach(i -> issues.add(i.get("path").asText()));
        long caught = p.flips().stream().filter(issues::contains).count();
        assertTrue(caught >= 3, "flips caught: " + caught + " of " + p.flips() + " in " + issues);
        JsonNode first = r.get("label_issues").get(0);
        assertTrue(first.get("rank").asDouble() >= r.get("label_issues").get(issues.size() - 1).get("rank").asDouble());
        for (JsonNode i : r.get("label_issues")) {
            if (p.flips().contains(i.get("path").asText())) {
                assertTrue(!i.get("given").asText().equals(i.get("suggested").asText()));
                assertTrue(i.get("path").asText().contains("/" + i.get("given").asText() + "/"), "given: its folder");
            }
        }
        assertTrue(issues.size() <= 12, "few false alarms: " + issues);

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("data:image/jpeg;base64,") && html.contains("leak"), "report");
        assertTrue(!html.contains("NaN"), "every point of the map placed");
        assertEquals(r.get("duplicates").size(), JSON.readTree(out.resolve("doctor.json").toFile()).get("duplicates").size());

        Path best = home.resolve("heads/grouped");
        Cli c = Cli.run("head", "compare", snap, "--heads", "logreg", "--cv", "4", "--group-duplicates", "--json",
                "--out", best.toString());
        assertEquals(0, c.code(), c.err());
        assertEquals(r.get("duplicates").size(), JSON.readTree(c.out()).get("duplicate_groups_kept_in_one_fold").asInt());
        java.util.Map<String, String> fold = new java.util.HashMap<>();
        for (String line : Files.readAllLines(best.resolve("folds.csv")).subList(1, 165)) {
            fold.put(line.split(",")[0], line.split(",")[1]);
        }
        for (List<String> pair : p.pairs()) {
            assertEquals(fold.get(pair.get(0)), fold.get(pair.get(1)), pair + " in one fold");
        }

        // similar: a listed path, and a new file the store has never seen (runs the conv base once)
        List<String> pair = p.pairs().getFirst();
        JsonNode s1 = JSON.readTree(json(Cli.run("similar", snap, pair.get(0), "--k", "3", "--json")));
        JsonNode n1 = s1.get("results").get(0);
        assertEquals("store", n1.get("features_from").asText());
        assertEquals(pair.get(1), n1.get("neighbours").get(0).get("path").asText());
        assertEquals(3, n1.get("neighbours").size());
        Path fresh = home.resolve("fresh.jpg");
        nearCopy(p.root().resolve(pair.get(0)), fresh);
        JsonNode n2 = JSON.readTree(json(Cli.run("similar", snap, fresh.toString(), "--json"))).get("results").get(0);
        assertEquals("conv base", n2.get("features_from").asText());
        assertTrue(pair.contains(n2.get("neighbours").get(0).get("path").asText()), n2.toString());
        assertTrue(n2.get("neighbours").get(0).get("similarity").asDouble() >= 0.9, n2.toString());
        Cli missing = Cli.run("similar", snap, "no/such.jpg");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("neither a path"), missing.err());

        Cli again = Cli.run("doctor", snap, "--out", out.toString(), "--compare", "none");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists: pass --force"), again.err());
        Cli bad = Cli.run("doctor", snap, "--threshold", "1.5");
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }

    /**
     * A flat folder (no class folders, no splits) with two byte-identical pairs, one of them beside a re-encoded copy;
     * then the same photos in two class folders at random, unsplit: the head is wrong half the time.
     */
    @Test
    void unsplitSnapshotsReadCleanlyAndAnUnreliableListSaysSo() throws Exception {
        List<Path> photos;
        try (var s = Files.list(SharedData.resolve(SharedData.PETS).resolve("cat"))) {
            photos = new ArrayList<>(s.sorted().limit(20).toList());
        }
        try (var s = Files.list(SharedData.resolve(SharedData.PETS).resolve("dog"))) {
            photos.addAll(s.sorted().limit(20).toList());
        }
        Path flat = home.resolve("flat");
        Files.createDirectories(flat);
        for (int i = 0; i < photos.size(); i++) {
            Files.copy(photos.get(i), flat.resolve(String.format("p%02d.jpg", i)));
        }
        Files.copy(photos.get(3), flat.resolve("p03-again.jpg"));
        Files.copy(photos.get(30), flat.resolve("p30-again.jpg"));
        nearCopy(photos.get(3), flat.resolve("p03-small.jpg"));
        Cli x = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), flat.toString());
        assertEquals(0, x.code(), x.err());
        assertTrue(x.out().contains("no classes") && !x.out().contains("classes )"), x.out());
        Cli d = Cli.run("doctor", "--dataset", "flat", "--compare", "none");
        assertEquals(0, d.code(), d.err());
        assertTrue(!d.out().contains("(none)"), d.out());
        assertTrue(d.out().contains("2 byte-identical pairs"), d.out());
        assertTrue(d.out().contains("p03-again.jpg  p03-small.jpg  p03.jpg"), "the copy joins both: " + d.out());
        Cli s = Cli.run("similar", "--dataset", "flat", "p03.jpg", "--k", "3");
        assertEquals(0, s.code(), s.err());
        assertTrue(!s.out().contains("null") && !s.out().contains("none"), s.out());
        JsonNode j = JSON.readTree(json(Cli.run("doctor", "--dataset", "flat", "--compare", "none", "--json")));
        assertEquals(2, j.get("byte_identical_pairs").asInt());
        JsonNode g = j.get("duplicates").get(0);
        assertEquals(3, g.get("paths").size());
        assertEquals("perceptual hash", g.get("confirmed_by").asText());
        assertTrue(g.get("hash_similarity").asDouble() >= 0.72, g.toString());

        Path shuffled = home.resolve("shuffled");
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < photos.size(); i++) {
            Path to = shuffled.resolve(rnd.nextBoolean() ? "a" : "b").resolve(String.format("p%02d.jpg", i));
            Files.createDirectories(to.getParent());
            Files.copy(photos.get(i), to);
        }
        Cli x2 = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), shuffled.toString());
        assertEquals(0, x2.code(), x2.err());
        Cli d2 = Cli.run("doctor", "--dataset", "shuffled", "--compare", "none", "--C", "1");
        assertEquals(0, d2.code(), d2.err());
        assertTrue(d2.out().contains("unreliable: out-of-fold accuracy"), d2.out());
        assertTrue(!d2.out().contains("(none)"), d2.out());
    }

    private static String json(Cli c) {
        assertEquals(0, c.code(), c.err());
        return c.out();
    }

    private static boolean inOneGroup(JsonNode groups, List<String> pair) {
        for (JsonNode g : groups) {
            Set<String> paths = new HashSet<>();
            g.get("paths").forEach(q -> paths.add(q.asText()));
            if (paths.containsAll(pair)) {
                return true;
            }
        }
        return false;
    }

    /** Builds the planted set from the repo's pets photos (deterministic: sorted names, fixed picks). */
    static Planted plant(Path root) throws Exception {
        List<String> flips = new ArrayList<>();
        List<List<String>> pairs = new ArrayList<>();
        Set<String> cross = new HashSet<>();
        for (String c : List.of("cat", "dog")) {
            String other = c.equals("cat") ? "dog" : "cat";
            List<Path> photos;
            try (var s = Files.list(SharedData.resolve(SharedData.PETS).resolve(c))) {
                photos = s.sorted().limit(80).toList();
            }
            for (int i = 0; i < photos.size(); i++) {
                String split = i < 60 ? "train" : "test";
                boolean flip = i == 5 || i == 65;
                String rel = split + "/" + (flip ? other : c) + "/" + c + "-" + photos.get(i).getFileName();
                Files.createDirectories(root.resolve(rel).getParent());
                Files.copy(photos.get(i), root.resolve(rel));
                if (flip) {
                    flips.add(rel);
                }
                if (c.equals("cat") && (i == 10 || i == 11 || i == 12)) {
                    // re-encoded near copy: 90% size, 3% cropped, JPEG quality 0.8; 10 and 11 in the other split
                    String to = (i == 12 ? "train" : "test") + "/cat/near-" + i + ".jpg";
                    nearCopy(photos.get(i), root.resolve(to));
                    pairs.add(List.of(rel, to).stream().sorted().toList());
                    if (i != 12) {
                        cross.add(pairs.getLast().getFirst());
                    }
                }
                if (c.equals("dog") && i == 20) {
                    String to = "test/dog/copy-" + i + ".jpg";
                    Files.createDirectories(root.resolve(to).getParent());
                    Files.copy(photos.get(i), root.resolve(to));
                    pairs.add(List.of(rel, to).stream().sorted().toList());
                    cross.add(pairs.getLast().getFirst());
                }
            }
        }
        return new Planted(root, flips, pairs, cross);
    }

    private static void nearCopy(Path from, Path to) throws Exception {
        BufferedImage img = ImageIO.read(from.toFile());
        int w = (int) Math.round(img.getWidth() * 0.9);
        int h = (int) Math.round(img.getHeight() * 0.9);
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        int dx = (int) Math.round(w * 0.03);
        int dy = (int) Math.round(h * 0.03);
        BufferedImage crop = small.getSubimage(dx, dy, w - dx, h - dy);
        BufferedImage copy = new BufferedImage(crop.getWidth(), crop.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(crop, 0, 0, null);
        Files.createDirectories(to.getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.8f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(to.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(copy, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
