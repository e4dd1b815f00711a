package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.xfer.common.BadInputException;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.weights.ImagenetWeights;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --weights imagenet} downloads for real, from a server on 127.0.0.1 standing in for Keras' host (the
 * mirror setting moves the host, the path stays Keras'): the file is checked against its hash before it is kept,
 * a file with another hash is refused and not kept, and a kept file is used without asking the server again.
 */
class WeightsDownloadTest {
    private static final String PATH = "/tensorflow/keras-applications/resnet/test_notop.h5";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private byte[] served;

    @BeforeEach
    void start() throws Exception {
        served = new byte[100_000];
        new Random(7).nextBytes(served);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, served.length);
                exchange.getResponseBody().write(served);
            }
            exchange.close();
        });
        server.start();
        System.setProperty("xfer.weights.mirror", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        System.clearProperty("xfer.weights.mirror");
        server.stop(0);
    }

    private static ImagenetWeights.Published published(String md5) {
        return new ImagenetWeights.Published("test_notop.h5", "https://storage.googleapis.com" + PATH, "md5", md5);
    }

    @Test
    void downloadsChecksKeepsAndReuses(@TempDir Path keras) throws Exception {
        ImagenetWeights.Published p = published(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("MD5").digest(served)));
        Path file = ImagenetWeights.locate(p, keras);
        assertEquals(keras.resolve("test_notop.h5"), file);
        assertArrayEquals(served, Files.readAllBytes(file));
        assertEquals(1, requests.get());
        assertEquals(file, ImagenetWeights.locate(p, keras), "the kept file is used again");
        assertEquals(1, requests.get(), "without a second download");
    }

    @Test
    void aDownloadWithAnotherHashIsRefusedAndNotKept(@TempDir Path keras) throws Exception {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ImagenetWeights.locate(published("0123456789abcdef0123456789abcdef"), keras));
        assertTrue(e.getMessage().contains("corrupt or not the official one"), e.getMessage());
        try (var files = Files.list(keras)) {
            assertEquals(0, files.count(), "neither the file nor a partial download is left");
        }
    }

    @Test
    void everyKerasFamilyHasItsPublishedFile() {
        for (String arch : Architectures.names()) {
            ImagenetWeights.Published p = ImagenetWeights.published(arch).orElseThrow(() -> new AssertionError(arch));
            assertTrue(p.url().endsWith("/" + p.fileName()), arch + ": " + p);
            assertTrue(p.algorithm().equals("none") ? arch.equals("mobilenet_v2")
                    : p.hash().matches(p.algorithm().equals("md5") ? "[0-9a-f]{32}" : "[0-9a-f]{64}"), arch + ": " + p);
        }
    }
}
