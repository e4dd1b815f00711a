package dev.xfer.cli;

import java.nio.file.Path;
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
}
