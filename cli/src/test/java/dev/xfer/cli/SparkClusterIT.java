package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.SharedData;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureStore;
import dev.xfer.common.store.FeatureTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phase one on a real Spark standalone cluster on 127.0.0.1 (scripts/spark-cluster.sh: a Master and two Workers,
 * separate JVMs, executors launched by the workers), driven by the real xfer jar as a process: an executor killed
 * mid-job, and the xfer process (with it the driver) killed mid-job. Bounded in time everywhere.
 */
class SparkClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("xfer.root"));
    private static final Path STATE = ROOT.resolve("cli/target/spark-it-cluster");
    private static String master;

    private static List<String> cluster(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/spark-cluster.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("XFER_SPARK_STATE", STATE.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "spark-cluster.sh " + String.join(" ", args) + " in time");
        assertEquals(0, p.exitValue(), "spark-cluster.sh " + String.join(" ", args) + ": " + out);
        return out.lines().toList();
    }

    @BeforeAll
    static void startCluster() throws Exception {
        master = cluster("start", "--workers", "2").getLast();
        assertTrue(master.matches("spark://127\\.0\\.0\\.1:\\d+"), master);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster("stop");
    }

    private static String[] extract(Path cache, Path data, String... more) {
        List<String> a = new ArrayList<>(List.of("extract", "--spark", master, "--backbone", "squeezenet",
                "--weights", SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString(), "--batch-size", "2",
                "--partition-mb", "0.1", "--executor-memory", "1g", "--json", "--cache", cache.toString()));
        a.addAll(List.of(more));
        a.add(data.toString());
        return a.toArray(String[]::new);
    }

    private static long shards(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("shards")
                    && p.getParent().getParent().getParent().equals(cache) && p.toString().endsWith(".arrow")).count();
        } catch (java.io.UncheckedIOException renamedWhileWalking) {
            return 0;
        }
    }

    /** Waits (bounded) until the job has published a shard, while {@code p} still runs. */
    private static void awaitFirstShard(Process p, Path cache) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (p.isAlive() && shards(cache) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the job was still running after its first shard");
    }

    /** Executor JVMs the test cluster's workers launched (their working folder is under the cluster's work/). */
    private static List<ProcessHandle> executors() {
        return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("")
                .contains("CoarseGrainedExecutorBackend")).filter(h -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc/" + h.pid() + "/cwd")).startsWith(STATE);
                    } catch (IOException gone) {
                        return false;
                    }
                }).toList();
    }

    /** Every row of the store once: shards hold each key once, no staging is left, the snapshot has them all. */
    private static FeatureTable checkStore(Path cache, String snapshot, int rows) throws IOException {
        try (RootAllocator a = new RootAllocator()) {
            Catalog c = new Catalog(new LocalStorage(cache));
            FeatureStore store = c.stores().getFirst();
            var index = store.index(a);
            int stored = index.shards().values().stream().mapToInt(List::size).sum();
            assertEquals(index.keys(), stored, "no feature row twice in the store");
            Path staging = cache.resolve(store.id()).resolve("staging");
            if (Files.exists(staging)) {
                try (Stream<Path> left = Files.list(staging)) {
                    assertEquals(List.of(), left.toList(), "no staged shard left after the job");
                }
            }
            FeatureTable t = c.resolve(snapshot).table(a, true);
            assertEquals(rows, t.rows());
            assertEquals(rows, t.paths().stream().distinct().count(), "every image once");
            return t;
        }
    }

    @Test
    void anExecutorKilledMidJobLosesNothing(@TempDir Path home) throws Exception {
        Path data = WorkspaceTest.copyPets(home.resolve("pets"), 80);
        Path cache = home.resolve("cache");
        Process p = CliProcessIT.command(home, extract(cache, data)).redirectOutput(home.resolve("out").toFile())
                .redirectError(home.resolve("err").toFile()).start();
        awaitFirstShard(p, cache);
        List<ProcessHandle> running = executors();
        assertEquals(2, running.size(), "one executor per worker");
        assertTrue(running.getFirst().destroyForcibly(), "SIGKILL to executor " + running.getFirst().pid());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the job finished in time");
        assertEquals(0, p.exitValue(), Files.readString(home.resolve("err")));
        JsonNode r = JSON.readTree(Files.readString(home.resolve("out")));
        assertEquals(160, r.get("images").asInt());
        assertEquals(160, r.get("extracted").asInt() + r.get("reused").asInt());
        r.get("conv_base_loads_per_executor_jvm").forEach(n -> assertEquals(1, n.asInt(),
                "the conv base is loaded once per executor JVM: " + r.get("conv_base_loads_per_executor_jvm")));
        checkStore(cache, r.get("snapshot").asText(), 160);
    }

    @Test
    void aKilledDriverLeavesWhatItPublishedForTheRerun(@TempDir Path home) throws Exception {
        Path data = WorkspaceTest.copyPets(home.resolve("pets"), 80);
        Path cache = home.resolve("cache");
        Process p = CliProcessIT.command(home, extract(cache, data)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        awaitFirstShard(p, cache);
        List<ProcessHandle> driver = p.descendants().toList();
        assertFalse(driver.isEmpty(), "xfer runs the Spark driver as its child");
        p.destroyForcibly();
        assertEquals(137, p.waitFor());
        for (ProcessHandle d : driver) {
            d.onExit().get(60, TimeUnit.SECONDS); // the driver notices its xfer is gone and stops
        }
        long published = shards(cache);
        assertTrue(published > 0, "shards published before the kill stay");

        CliProcessIT.Run again = CliProcessIT.xferWithin(home, 300, extract(cache, data));
        assertEquals(0, again.code(), again.err());
        JsonNode r = JSON.readTree(again.out());
        assertTrue(r.get("reused").asInt() > 0 && r.get("extracted").asInt() < 160, "the rerun reuses the published "
                + "features: " + r);
        FeatureTable spark = checkStore(cache, r.get("snapshot").asText(), 160);
        CliProcessIT.Run head = CliProcessIT.xferWithin(home, 120, "head", "train", r.get("snapshot").asText(),
                "--cache", cache.toString(), "--type", "logreg", "--json");
        assertEquals(0, head.code(), "a head trains on a Spark snapshot as on any other: " + head.err());

        Path localCache = home.resolve("local-cache");
        CliProcessIT.Run local = CliProcessIT.xferWithin(home, 300, "extract", "--backbone", "squeezenet",
                "--weights", SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString(), "--json", "--quiet",
                "--cache", localCache.toString(), data.toString());
        assertEquals(0, local.code(), local.err());
        assertEquals(r.get("snapshot").asText(), JSON.readTree(local.out()).get("snapshot").asText(),
                "the Spark snapshot is the local one: same store, same listing");
        try (RootAllocator a = new RootAllocator()) {
            FeatureTable l = new Catalog(new LocalStorage(localCache)).resolve(r.get("snapshot").asText()).table(a,
                    true);
            for (int i = 0; i < l.rows(); i++) {
                float[] x = l.row(i);
                float[] y = spark.row(i);
                float max = 0;
                float diff = 0;
                for (int j = 0; j < x.length; j++) {
                    max = Math.max(max, Math.abs(x[j]));
                    diff = Math.max(diff, Math.abs(x[j] - y[j]));
                }
                assertTrue(diff <= 1e-5f * max, l.paths().get(i) + ": relative difference " + diff / max);
            }
        }
    }
}
