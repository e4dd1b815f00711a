package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xfer serve} as a real process: SIGTERM with requests in flight answers them all, then exits 0. */
class ServeProcessIT {
    @Test
    void sigtermFinishesWhatIsInFlightAndExitsZero(@TempDir Path home) throws Exception {
        Path data = WorkspaceTest.copyPets(home.resolve("pets"), 8);
        CliProcessIT.Run e = CliProcessIT.xfer(home, "extract", "--backbone", "squeezenet", "--weights",
                SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString(), "--image-size", "64", "--json", "--quiet",
                data.toString());
        assertEquals(0, e.code(), e.err());
        String snapshot = new ObjectMapper().readTree(e.out()).get("snapshot").asText();
        Path head = home.resolve("heads/pets");
        CliProcessIT.Run t = CliProcessIT.xfer(home, "head", "train", snapshot, "--val", "0", "--test", "0", "--out",
                head.toString(), "--quiet");
        assertEquals(0, t.code(), t.err());

        Path out = home.resolve("serve.out");
        // a batch waits 1.5 s for company: the requests below are still in flight when SIGTERM comes
        Process p = CliProcessIT.command(home, "serve", "--head", head.toString(), "--port", "0", "--max-wait-ms",
                "1500", "--max-batch", "64").redirectOutput(out.toFile())
                .redirectError(home.resolve("serve.err").toFile()).start();
        try {
            int port = -1;
            for (int i = 0; i < 240 && port < 0; i++) {
                Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(out));
                port = m.find() ? Integer.parseInt(m.group(1)) : -1;
                if (port < 0) {
                    assertTrue(p.isAlive(), Files.readString(home.resolve("serve.err")));
                    Thread.sleep(250);
                }
            }
            assertTrue(port > 0, "the server printed its port");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            byte[] photo = Files.readAllBytes(Files.list(data.resolve("dog")).sorted().findFirst().orElseThrow());
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/predict")).header("Content-Type", "image/jpeg")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            URI health = URI.create("http://127.0.0.1:" + port + "/v1/health");
            for (int i = 0; i < 100; i++) { // until the server holds all eight (a batch waits 1.5 s for more)
                String h = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (h.contains("\"in_flight\":8")) {
                    break;
                }
                Thread.sleep(20);
            }
            p.destroy(); // SIGTERM
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("\"predictions\""), r.body());
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server stopped");
            assertEquals(0, p.exitValue(), Files.readString(home.resolve("serve.err")));
            String said = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(said.contains("stopped"), said);
        } finally {
            p.destroyForcibly();
        }
    }
}
