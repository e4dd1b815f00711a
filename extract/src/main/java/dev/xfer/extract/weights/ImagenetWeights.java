package dev.xfer.extract.weights;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.UnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * The published ImageNet weights without top, found where Keras keeps them ({@code ~/.keras/models}) or
 * downloaded from Keras' own address and checked against the hash Keras publishes, so a corrupt or
 * substituted file is never used.
 */
public final class ImagenetWeights {

    /**
     * A published file: its Keras name, address, and hash (md5 for Keras' files, as Keras checks them; {@code none}
     * where Keras publishes none, as for MobileNetV2, whose files it downloads unchecked).
     */
    public record Published(String fileName, String url, String algorithm, String hash) {
    }

    private static final String KERAS = "https://storage.googleapis.com/tensorflow/keras-applications/";
    /** The table {@code bench/keras_weights_table.py} writes from Keras' own constants. */
    private static final String TABLE = "published-weights.tsv";
    private static final String TABLE_FORMAT = "# xfer published-weights format 1";

    static final Map<String, Published> FILES = files();

    private static Map<String, Published> files() {
        Map<String, Published> m = new java.util.LinkedHashMap<>();
        m.put("vgg16", new Published("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
                KERAS + "vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
                "md5", "6d6bbae143d832006294945121d1f1fc"));
        m.put("inception_v3", new Published("inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5",
                KERAS + "inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5",
                "md5", "bcbd6486424b2319ff4ef7d526e38f63"));
        m.put("squeezenet", new Published("squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5",
                "https://github.com/rcmalli/keras-squeezenet/releases/download/v1.0/"
                        + "squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5",
                "sha256", "17154246284f555591549ac2c83e127abfbf4307dc4b0060fdaa2931d0fa38da"));
        try (InputStream in = ImagenetWeights.class.getResourceAsStream(TABLE)) {
            java.util.List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().toList();
            if (lines.isEmpty() || !lines.getFirst().equals(TABLE_FORMAT)) {
                throw new IllegalStateException(TABLE + ": not " + TABLE_FORMAT);
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t");
                m.put(f[0], new Published(f[1], f[2], f[3], f[4]));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The published file of {@code arch}, if Keras publishes one. */
    public static java.util.Optional<Published> published(String arch) {
        return java.util.Optional.ofNullable(FILES.get(arch));
    }

    private ImagenetWeights() {
    }

    /** The local path of {@code arch}'s ImageNet file, downloading it into {@code kerasDir} if missing. */
    public static Path locate(String arch, Path kerasDir) {
        Published p = FILES.get(arch);
        if (p == null) {
            throw new BadInputException("no published ImageNet weights for " + arch + ": pass --weights FILE.h5");
        }
        return locate(p, kerasDir);
    }

    /** The local path of a published file, downloading it into {@code kerasDir} if missing. */
    public static Path locate(Published p, Path kerasDir) {
        Path local = kerasDir.resolve(p.fileName());
        if (Files.isRegularFile(local)) {
            check(p, local);
            return local;
        }
        download(p, local);
        return local;
    }

    /** The local file of {@code arch}'s ImageNet weights if it has been downloaded, without checking it. */
    public static java.util.Optional<Path> present(String arch, Path kerasDir) {
        Published p = FILES.get(arch);
        return p == null ? java.util.Optional.empty()
                : java.util.Optional.of(kerasDir.resolve(p.fileName())).filter(Files::isRegularFile);
    }

    public static Path defaultKerasDir() {
        return Path.of(System.getProperty("user.home"), ".keras", "models");
    }

    private static void download(Published p, Path local) {
        try {
            Files.createDirectories(local.getParent());
            Path tmp = Files.createTempFile(local.getParent(), "." + p.fileName(), ".part");
            try {
                // the JVM's proxy settings (-Dhttps.proxyHost=...) apply, for users behind a proxy
                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                        .proxy(java.net.ProxySelector.getDefault())
                        .connectTimeout(Duration.ofSeconds(20)).build();
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(address(p))).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    throw new IOException("HTTP " + r.statusCode());
                }
                try (InputStream in = r.body()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                check(p, tmp);
                Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // a server out of reach is not bad input (exit 1, not 2)
            throw new UnreachableException("cannot download " + p.url() + " (" + e + "): with no network, copy "
                    + p.fileName() + " into " + local.getParent() + " or pass --weights FILE.h5", e);
        }
    }

    /**
     * Where to download from: the published address, or the same path under the mirror {@code -Dxfer.weights.mirror}
     * or {@code XFER_WEIGHTS_MIRROR} names (a local copy of Keras' files; tests use a server on 127.0.0.1).
     */
    static String address(Published p) {
        String mirror = System.getProperty("xfer.weights.mirror", System.getenv("XFER_WEIGHTS_MIRROR"));
        if (mirror == null || mirror.isBlank()) {
            return p.url();
        }
        URI u = URI.create(p.url());
        return mirror.replaceAll("/+$", "") + u.getRawPath();
    }

    private static void check(Published p, Path file) {
        if (p.algorithm().equals("none")) {
            return; // Keras publishes no hash for this file and checks none
        }
        String actual;
        try {
            actual = p.algorithm().equals("md5") ? Digests.md5(file) : Digests.sha256(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (!actual.equals(p.hash())) {
            throw new BadInputException(file + ": " + p.algorithm() + " is " + actual + " but the published file's is "
                    + p.hash() + ": the file is corrupt or not the official one; delete it and download it again");
        }
    }
}
