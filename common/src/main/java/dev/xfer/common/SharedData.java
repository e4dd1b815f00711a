package dev.xfer.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project's data: the full shared folder ({@code -Dxfer.shared}, or {@code ../shared} beside the
 * checkout) when it is there, else the small copy under {@code examples/} that ships with the repository.
 * Both have the same layout ({@code data/...}, {@code fixtures/...}).
 */
public final class SharedData {
    public static final String SQUEEZENET_WEIGHTS =
            "data/squeezenet/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5";
    public static final String PETS = "data/pets2k";
    public static final String GOLDEN = "fixtures/squeezenet-golden";

    private SharedData() {
    }

    /** The repository root: {@code -Dxfer.root}, else the nearest folder upwards holding {@code examples/}. */
    public static Path repoRoot() {
        String prop = System.getProperty("xfer.root");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** The full shared folder, if this machine has it. */
    public static Optional<Path> full() {
        String prop = System.getProperty("xfer.shared");
        Path p = prop != null ? Path.of(prop) : repoRoot().resolve("../shared");
        return Files.isDirectory(p.resolve("data")) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** The full shared folder when present, else the repository's {@code examples/} copy. */
    public static Path root() {
        return full().orElse(repoRoot().resolve("examples"));
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
