package dev.xfer.cli;

import dev.xfer.common.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Gives each test a fresh workspace (saved_models/, cache/) through {@code -Dxfer.home}. */
abstract class WorkspaceTest {
    @TempDir
    Path home;

    @BeforeEach
    void useTemporaryWorkspace() {
        System.setProperty("xfer.home", home.toString());
    }

    @AfterEach
    void restoreWorkspace() {
        System.clearProperty("xfer.home");
    }

    /** A cat/dog dataset of the first {@code perClass} pets photos of each class, inside the workspace. */
    Path pets(int perClass) throws IOException {
        return copyPets(home.resolve("pets"), perClass);
    }

    /** Copies the first {@code perClass} pets photos of each class into {@code data}/cat and {@code data}/dog. */
    static Path copyPets(Path data, int perClass) throws IOException {
        for (String c : List.of("cat", "dog")) {
            Files.createDirectories(data.resolve(c));
            try (var s = Files.list(SharedData.resolve(SharedData.PETS).resolve(c))) {
                for (Path p : s.sorted().limit(perClass).toList()) {
                    Files.copy(p, data.resolve(c).resolve(p.getFileName()));
                }
            }
        }
        return data;
    }

    static String squeezenetWeights() {
        return SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString();
    }
}
