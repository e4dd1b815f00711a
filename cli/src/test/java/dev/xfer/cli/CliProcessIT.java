package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar run as a real process, the way the launcher runs it: exit codes and stream contents. */
class CliProcessIT {
    record Run(int code, String out, String err) {
    }

    static Run xfer(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", System.getProperty("xfer.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XFER_HOME", home.toString());
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Path out = home.resolve("stdout");
        Path err = home.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "xfer finished in time");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void summaryPrintsKerasTotals(@TempDir Path home) throws Exception {
        Run r = xfer(home, "backbone", "summary", "inception_v3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Total params: 21,802,784"), r.out());
        assertTrue(r.out().contains("Trainable params: 21,768,352"), r.out());
        assertTrue(r.out().contains("Non-trainable params: 34,432"), r.out());
    }

    @Test
    void badWeightsFileExitsTwoWithOneLine(@TempDir Path home) throws Exception {
        Path junk = home.resolve("junk.h5");
        Files.writeString(junk, "junk");
        Run r = xfer(home, "backbone", "import", "--arch", "vgg16", "--weights", junk.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("xfer: " + junk), r.err());
        assertTrue(Files.notExists(home.resolve("saved_models/vgg16")), "nothing half-written is left");
    }

    @Test
    void unknownOptionIsUsageErrorTwo(@TempDir Path home) throws Exception {
        Run r = xfer(home, "backbone", "list", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
    }
}
