package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.predict.Classifier;
import dev.xfer.predict.Classifiers;
import dev.xfer.predict.ModelRef;
import dev.xfer.predict.PredictOptions;
import dev.xfer.serve.PredictServer;
import dev.xfer.serve.ServeConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** A real server on 127.0.0.1 (any free port) with a real SqueezeNet head trained on real pets photos. */
class ServeTest extends WorkspaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path trainHead() throws Exception {
        Path data = pets(10);
        Cli r = Cli.run("extract", "--backbone", "squeezenet", "--weights", squeezenetWeights(), "--image-size", "64",
                "--json", data.toString());
        assertEquals(0, r.code(), r.err());
        String snapshot = JSON.readTree(r.out()).get("snapshot").asText();
        Path head = home.resolve("heads/pets");
        Cli t = Cli.run("head", "train", snapshot, "--type", "logreg", "--val", "0", "--test", "0", "--out",
                head.toString(), "--quiet");
        assertEquals(0, t.code(), t.err());
        return head;
    }

    private HttpResponse<String> post(int port, byte[] body, String type) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/predict"))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The i-th photo of a class in name order (the repo's examples/ hold a subset of pets2k's names). */
    private static byte[] photo(String cls, int i) throws Exception {
        try (var files = Files.list(dev.xfer.common.SharedData.resolve(dev.xfer.common.SharedData.PETS)
                .resolve(cls))) {
            List<Path> sorted = files.sorted().toList();
            return Files.readAllBytes(sorted.get(i % sorted.size()));
        }
    }

    @Test
    void answersPredictionsHealthModelAndMetricsAndRefusesBadInputWith4xx() throws Exception {
        Path head = trainHead();
        ServeConfig config = new ServeConfig("127.0.0.1", 0, 8, Duration.ofMillis(20), 64, 200_000, 1_000_000, 4,
                Duration.ofSeconds(10));
        try (Classifier c = Classifiers.open(ModelRef.head(head), PredictOptions.defaults());
             PredictServer server = PredictServer.start(c, config)) {
            int port = server.port();
            HttpResponse<String> one = post(port, photo("dog", 0), "image/jpeg");
            assertEquals(200, one.statusCode(), one.body());
            JsonNode p = JSON.readTree(one.body()).get("predictions");
            assertEquals(2, p.size());
            assertEquals("dog", p.get(0).get("class").asText(), one.body());
            assertTrue(p.get(0).get("probability").asDouble() >= p.get(1).get("probability").asDouble());
            assertEquals(1, p.get(0).get("probability").asDouble() + p.get(1).get("probability").asDouble(), 1e-5);

            String boundary = "xferboundary42";
            HttpResponse<String> multi = post(port, multipart(boundary, List.of(photo("cat", 0), photo("dog", 1))),
                    "multipart/form-data; boundary=" + boundary);
            assertEquals(200, multi.statusCode(), multi.body());
            JsonNode results = JSON.readTree(multi.body()).get("results");
            assertEquals(2, results.size());
            assertEquals("cat", results.get(0).get("class").asText());
            assertEquals("f0.jpg", results.get(0).get("file").asText());
            assertEquals("dog", results.get(1).get("predictions").get(0).get("class").asText());

            byte[] dog = photo("dog", 2);
            byte[] truncated = java.util.Arrays.copyOf(dog, dog.length / 3);
            assertError(post(port, truncated, "image/jpeg"), 400, "not a decodable image");
            assertError(post(port, "hello".getBytes(StandardCharsets.UTF_8), "image/jpeg"), 400, "not an image");
            assertError(post(port, new byte[0], "image/png"), 400, "empty body");
            assertError(post(port, new byte[300_000], "image/jpeg"), 413, "--max-bytes");
            assertError(post(port, pngHeader(50_000, 50_000), "image/png"), 413, "--max-pixels");
            // one bad file costs its own answer, not the request's
            HttpResponse<String> mixed = post(port, multipart(boundary, List.of(photo("cat", 0), truncated,
                    "hello".getBytes(StandardCharsets.UTF_8), pngHeader(50_000, 50_000))),
                    "multipart/form-data; boundary=" + boundary);
            assertEquals(200, mixed.statusCode(), mixed.body());
            JsonNode perFile = JSON.readTree(mixed.body()).get("results");
            assertEquals(4, perFile.size(), mixed.body());
            assertTrue(perFile.get(3).get("error").asText().contains("--max-pixels"), mixed.body());
            assertEquals("f0.jpg", perFile.get(0).get("file").asText());
            assertEquals("cat", perFile.get(0).get("class").asText(), mixed.body());
            assertEquals(2, perFile.get(0).get("predictions").size(), mixed.body());
            assertEquals("f1.jpg", perFile.get(1).get("file").asText());
            assertTrue(perFile.get(1).get("error").asText().contains("not a decodable image"), mixed.body());
            assertFalse(perFile.get(1).has("predictions"), mixed.body());
            assertTrue(perFile.get(2).get("error").asText().contains("not an image"), mixed.body());
            assertError(post(port, "garbage".getBytes(StandardCharsets.UTF_8),
                    "multipart/form-data; boundary=" + boundary), 400, "");

            // concurrent requests share conv-base runs
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<HttpResponse<String>>> fs = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    byte[] img = photo(i % 2 == 0 ? "cat" : "dog", i % 10);
                    fs.add(pool.submit(() -> post(port, img, "image/jpeg")));
                }
                for (Future<HttpResponse<String>> f : fs) {
                    assertEquals(200, f.get().statusCode(), f.get().body());
                }
            } finally {
                pool.shutdown();
            }
            String metrics = get(port, "/metrics").body();
            double batches = metric(metrics, "xfer_batch_size_count");
            double images = metric(metrics, "xfer_images_total");
            assertEquals(1 + 2 + 1 + 24, images, 0.5, metrics);
            assertTrue(batches < images, "some requests must have shared a batch: " + batches + " batches");
            assertTrue(metrics.contains("xfer_requests_total{endpoint=\"predict\",status=\"400\"} 4.0"), metrics);
            assertTrue(metrics.contains("xfer_refused_files_total{status=\"400\"} 2.0"), metrics);
            assertTrue(metrics.contains("xfer_refused_files_total{status=\"413\"} 1.0"), metrics);
            assertTrue(metrics.contains("xfer_request_duration_seconds_bucket{endpoint=\"predict\""), metrics);
            assertTrue(metrics.contains("xfer_images_per_second"), metrics);

            JsonNode health = JSON.readTree(get(port, "/v1/health").body());
            assertEquals("ok", health.get("status").asText());
            JsonNode model = JSON.readTree(get(port, "/v1/model").body());
            assertEquals("[\"cat\",\"dog\"]", model.get("classes").toString());
            assertEquals("squeezenet", model.get("provenance").get("arch").asText());
            assertEquals(1.0, model.get("metrics").get("train").get("accuracy").asDouble(), 1e-9);
            assertError(get(port, "/v1/nothing"), 404, "no such endpoint");
            HttpResponse<String> wrongMethod = get(port, "/v1/predict");
            assertError(wrongMethod, 405, "use POST /v1/predict");
            assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""), wrongMethod.headers().toString());
            HttpResponse<String> postHealth = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/health")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(postHealth, 405, "use GET /v1/health");
            assertEquals("GET", postHealth.headers().firstValue("Allow").orElse(""));

            server.stop();
            assertThrows(java.io.IOException.class, () -> get(port, "/v1/health"));
        }
    }

    @Test
    void aFullQueueIsA429NotAWait() throws Exception {
        Path head = trainHead();
        ServeConfig config = new ServeConfig("127.0.0.1", 0, 1, Duration.ZERO, 1, 200_000, 1_000_000, 4,
                Duration.ofSeconds(10));
        try (Classifier c = Classifiers.open(ModelRef.head(head), PredictOptions.defaults());
             PredictServer server = PredictServer.start(c, config)) {
            byte[] img = photo("cat", 3);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Integer> statuses = new ArrayList<>();
            try {
                List<Future<HttpResponse<String>>> fs = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    fs.add(pool.submit(() -> post(server.port(), img, "image/jpeg")));
                }
                for (Future<HttpResponse<String>> f : fs) {
                    statuses.add(f.get().statusCode());
                    if (f.get().statusCode() == 429) {
                        assertTrue(f.get().body().contains("queue is full"), f.get().body());
                    }
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 429), statuses.toString());
            assertTrue(statuses.contains(429), "16 clients on a queue of one: " + statuses);
            assertTrue(statuses.contains(200), statuses.toString());
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String words) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(1, r.body().lines().count(), r.body());
        assertTrue(JSON.readTree(r.body()).get("error").asText().contains(words), r.body());
    }

    private static double metric(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing in " + text));
    }

    private static byte[] multipart(String boundary, List<byte[]> files) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < files.size(); i++) {
            b.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image" + i + "\"; filename=\"f" + i
                    + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            b.write(files.get(i));
            b.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        b.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    /** A PNG whose header claims {@code w x h} pixels: a decompression bomb as far as the header tells. */
    private static byte[] pngHeader(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(4 + 4 + 13 + 4);
        ihdr.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put(new byte[] {8, 2, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(ihdr.array(), 4, 17);
        ihdr.putInt((int) crc.getValue());
        ByteBuffer png = ByteBuffer.allocate(8 + ihdr.capacity() + 64);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).put(ihdr.array());
        return png.array();
    }
}
