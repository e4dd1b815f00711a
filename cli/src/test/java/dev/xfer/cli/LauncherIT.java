package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code xfer} launcher run as a user runs it, from an install made read-only: its start-up caches go to the
 * user's cache folder, one folder per build (other builds' removed), only for real commands, and nothing is written
 * into the install.
 */
class LauncherIT {
    private static final Path REPO = Path.of(System.getProperty("xfer.root"));

    record Run(int code, String out, String err) {
    }

    /** The launcher, the poms its staleness check reads, the jar and its command list; lib/ linked, not copied. */
    private static Path install(Path dir) throws IOException {
        for (String f : List.of("xfer", "scripts/jdk.sh", "pom.xml", "third_party/picocli/pom.xml",
                "cli/target/commands.txt", "cli/target/xfer.jar")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.copy(REPO.resolve(f), dir.resolve(f), StandardCopyOption.COPY_ATTRIBUTES); // times kept: not stale
        }
        Files.createSymbolicLink(dir.resolve("cli/target/lib"), REPO.resolve("cli/target/lib"));
        return dir;
    }

    private static Run xfer(Path install, Path home, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(install.resolve("xfer").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XFER_HOME", home.resolve("work").toString());
        pb.environment().putAll(env);
        Path out = home.resolve("stdout");
        Path err = home.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "xfer finished in time");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Every file and folder under {@code dir} with its size and time: what a run must not change. */
    private static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                m.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    private static void writable(Path dir, boolean yes) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.filter(f -> !Files.isSymbolicLink(f)).toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (yes) {
                    perms.add(PosixFilePermission.OWNER_WRITE);
                } else {
                    perms.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE));
                }
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void cachesGoToTheUsersCacheFolderPerBuildAndOnlyForRealCommands(@TempDir Path tmp) throws Exception {
        Path install = install(tmp.resolve("install"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path xdg = tmp.resolve("xdg");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", xdg.toString());
        Path base = xdg.resolve("xfer");
        Map<String, String> before = listing(install);
        writable(install, false);
        try {
            Run typo = xfer(install, home, env, "predcit", "cat.jpg");
            assertEquals(2, typo.code(), typo.err());
            assertTrue(typo.err().contains("Did you mean: xfer predict"), typo.err());
            assertEquals(List.of(), names(base), "a typo writes nothing");

            Run first = xfer(install, home, env, "--version");
            assertEquals(0, first.code(), first.err());
            List<String> builds = names(base);
            assertEquals(1, builds.size(), builds.toString());
            String build = builds.getFirst();
            Path dir = base.resolve(build);
            assertEquals(install.toString(), Files.readString(dir.resolve("install")).strip());
            assertTrue(names(dir).stream().anyMatch(n -> n.matches("version\\.\\d+\\.conf")), names(dir).toString());

            // the second start assembles the cache in the background; a later one starts from it
            assertEquals(0, xfer(install, home, env, "--version").code());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(dir.resolve("version.aot")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(dir.resolve("version.aot")), names(dir).toString());
            while (Files.exists(dir.resolve("version.assembling")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Run cached = xfer(install, home, env, "--version");
            assertEquals(0, cached.code(), cached.err());
            assertEquals(first.out(), cached.out(), "nothing from the JVM about its cache on stdout");
            assertEquals(List.of("install", "version.aot"), names(dir), "the record is gone once assembled");

            Run list = xfer(install, home, env, "backbone", "list");
            assertEquals(0, list.code(), list.err());
            assertTrue(names(dir).stream().anyMatch(n -> n.matches("backbone\\.\\d+\\.conf")), names(dir).toString());
            // the first TensorFlow load records where its libraries are, in the build's folder too
            Path photo;
            try (var l = Files.list(REPO.resolve("examples/data/pets2k/cat"))) {
                photo = l.sorted().findFirst().orElseThrow();
            }
            Run features = xfer(install, home, env, "backbone", "features", "squeezenet", "--weights", "random",
                    "--image-size", "64", photo.toString());
            assertEquals(0, features.code(), features.err());
            String libraries = Files.readString(dir.resolve("tensorflow-libraries")).strip();
            assertTrue(Files.isRegularFile(Path.of(libraries, "libjnitensorflow.so")), libraries);
            assertEquals(before, listing(install), "nothing written into the install");
        } finally {
            writable(install, true);
        }

        // a new build: this install's old build folder goes, as does that of an install that is gone; another
        // install's stays. No XDG_CACHE_HOME: ~/.cache/xfer.
        Path cache = home.resolve(".cache/xfer");
        String build = names(base).getFirst();
        String installId = build.substring(0, build.indexOf('-'));
        Path old = Files.createDirectories(cache.resolve(build));
        Files.writeString(old.resolve("install"), install + "\n");
        Path gone = Files.createDirectories(cache.resolve("1.2-3.4"));
        Files.writeString(gone.resolve("install"), tmp.resolve("deleted") + "\n");
        Path other = Files.createDirectories(cache.resolve("5.6-7.8"));
        Files.writeString(other.resolve("install"), REPO + "\n");
        Path jar = install.resolve("cli/target/xfer.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Run rebuilt = xfer(install, home, Map.of(), "--help");
        assertEquals(0, rebuilt.code(), rebuilt.err());
        List<String> now = names(cache);
        assertEquals(2, now.size(), now.toString());
        assertTrue(now.contains("5.6-7.8"), "another install's caches are kept: " + now);
        String fresh = now.stream().filter(n -> !n.equals("5.6-7.8")).findFirst().orElseThrow();
        assertTrue(fresh.startsWith(installId + "-") && !fresh.equals(build), fresh + " vs " + build);
        assertTrue(names(cache.resolve(fresh)).stream().anyMatch(n -> n.matches("help\\.\\d+\\.conf")),
                names(cache.resolve(fresh)).toString());
    }
}
