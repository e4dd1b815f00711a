package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.extract.graph.Device;
import dev.xfer.predict.Classifier;
import dev.xfer.predict.Classifiers;
import dev.xfer.predict.ModelRef;
import dev.xfer.predict.PredictOptions;
import dev.xfer.serve.PredictServer;
import dev.xfer.serve.ServeConfig;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** predict --unknown and serve --unknown on a real head: a pets photo is a pet, a plain wall is unknown. */
class UnknownAnswersTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWallIsUnknownAPetIsNotAndOldBundlesAreToldToRetrain() throws Exception {
        Path data = pets(12);
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--image-size", "64",
                "--json", data.toString());
        assertEquals(0, r.code(), r.err());
        String snapshot = JSON.readTree(r.out()).get("snapshot").asText();
        Path head = home.resolve("heads/pets");
        assertEquals(0, Cli.run("head", "train", snapshot, "--type", "logreg", "--val", "0", "--test", "0",
                "--out", head.toString(), "--quiet").code());
        JsonNode info = JSON.readTree(head.resolve("head.json").toFile());
        assertTrue(info.get("files").toString().contains("unknown.json"), info.toString());

        Path wall = home.resolve("wall.png");
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random rnd = new java.util.Random(3);
        for (int yy = 0; yy < 64; yy++) {
            for (int xx = 0; xx < 64; xx++) {
                int g = 200 + rnd.nextInt(8);
                img.setRGB(xx, yy, (g << 16) | (g << 8) | (g - 20));
            }
        }
        ImageIO.write(img, "png", wall.toFile());
        Path cat = data.resolve("cat").resolve(Files.list(data.resolve("cat")).sorted().findFirst().orElseThrow()
                .getFileName());

        Cli p = Cli.run("predict", "--head", head.toString(), "--unknown", "--json", cat.toString(), wall.toString());
        assertEquals(0, p.code(), p.err());
        JsonNode rows = JSON.readTree(p.out()).get("results");
        assertFalse(rows.get(0).get("unknown").asBoolean(), rows.get(0).toString());
        assertEquals("cat", rows.get(0).get("class").asText());
        assertEquals(2, rows.get(0).get("predictions").size(), rows.get(0).toString());
        // machine fields hold values: no class for an unknown photo, the nearest one in its own field
        JsonNode unknownRow = rows.get(1);
        assertTrue(unknownRow.get("unknown").asBoolean(), unknownRow.toString());
        assertTrue(unknownRow.get("distance_ratio").asDouble() > 1, unknownRow.toString());
        assertTrue(unknownRow.has("class") && unknownRow.get("class").isNull(), unknownRow.toString());
        assertTrue(List.of("cat", "dog").contains(unknownRow.get("nearest").asText()), unknownRow.toString());
        assertFalse(p.out().contains("unknown (nearest"), p.out());
        Cli line = Cli.run("predict", "--head", head.toString(), "--unknown", wall.toString());
        assertTrue(line.out().contains(": unknown (nearest: "), line.out());

        // --top K holds in --json and in a folder's CSV too
        JsonNode top1 = JSON.readTree(Cli.run("predict", "--head", head.toString(), "--top", "1", "--json",
                cat.toString()).out()).get("results").get(0);
        assertEquals(1, top1.get("predictions").size(), top1.toString());
        assertEquals("cat", top1.get("predictions").get(0).get("class").asText(), top1.toString());
        Path folder = home.resolve("mixed");
        Files.createDirectories(folder);
        Files.copy(cat, folder.resolve("cat.jpg"));
        Files.copy(wall, folder.resolve("wall.png"));
        Cli csv = Cli.run("predict", "--head", head.toString(), "--unknown", "--top", "1", folder.toString());
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("path,class,class_1,probability_1,unknown,nearest,distance_ratio", lines.get(0), csv.out());
        assertTrue(lines.get(1).matches("cat\\.jpg,cat,cat,[0-9.]+,false,[a-z]+,[0-9.]+"), lines.get(1));
        assertTrue(lines.get(2).matches("wall\\.png,,[a-z]+,[0-9.]+,true,[a-z]+,[0-9.]+"), lines.get(2));
        Cli all = Cli.run("predict", "--head", head.toString(), folder.toString());
        assertEquals("path,class,cat,dog", all.out().lines().findFirst().orElseThrow(), all.out());

        try (Classifier c = Classifiers.open(ModelRef.head(head), new PredictOptions(Device.CPU, null, true));
             PredictServer server = PredictServer.start(c, ServeConfig.defaults().withPort(0))) {
            HttpResponse<String> a = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v1/predict"))
                    .POST(HttpRequest.BodyPublishers.ofFile(wall)).header("Content-Type", "image/png").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, a.statusCode(), a.body());
            JsonNode answer = JSON.readTree(a.body());
            assertTrue(answer.get("unknown").asBoolean(), a.body());
            assertTrue(answer.get("class").isNull(), a.body());
            assertTrue(answer.get("nearest").isTextual(), a.body());
            assertFalse(a.body().contains("unknown (nearest"), a.body());
            assertEquals(2, answer.get("predictions").size());
        }

        for (String f : List.of("unknown.json", "unknown-features.f32")) {
            Files.delete(head.resolve(f));
        }
        Cli old = Cli.run("predict", "--head", head.toString(), "--unknown", cat.toString());
        assertEquals(2, old.code());
        assertTrue(old.err().contains("retrain it with 'xfer head train'"), old.err());
        assertEquals(0, Cli.run("predict", "--head", head.toString(), cat.toString()).code());
    }
}
