package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.SharedData;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar run as a real process, the way the launcher runs it: exit codes and stream contents. */
class CliProcessIT {
    record Run(int code, String out, String err) {
    }

    static ProcessBuilder command(Path home, String... args) {
        return command(home, List.of(), args);
    }

    /** As above, with {@code jvm} options before the jar, as the launcher adds them. */
    static ProcessBuilder command(Path home, List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dxfer.root=" + System.getProperty("xfer.root")));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", System.getProperty("xfer.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XFER_HOME", home.toString());
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return pb;
    }

    static Run xfer(Path home, String... args) throws IOException, InterruptedException {
        return xferWithin(home, 120, args);
    }

    /** Runs xfer to the end, at most {@code seconds}. */
    static Run xferWithin(Path home, long seconds, String... args) throws IOException, InterruptedException {
        return run(command(home, args), home, seconds);
    }

    static Run run(ProcessBuilder pb, Path home, long seconds) throws IOException, InterruptedException {
        Path out = home.resolve("stdout");
        Path err = home.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "xfer finished in time");
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

    /**
     * {@code backbone import --keras} on the hand-made Keras model ({@code bench/keras_model_file.py}, made by
     * {@code bench/keras_reference.sh}): a SavedModel with both provenance files; a Lambda model refused in one
     * line naming the layer, with nothing written.
     */
    @Test
    void kerasModelFileImportsAndALambdaIsRefused(@TempDir Path home) throws Exception {
        Path ref = SharedData.repoRoot().resolve("bench/out/keras-model");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ref.resolve("meta.json")),
                "no Keras model files at " + ref + ": run bench/keras_reference.sh to make them");
        Run r = xfer(home, "backbone", "import", "--keras", ref.resolve("model.keras").toString(), "--name", "hm",
                "--json");
        assertEquals(0, r.code(), r.err());
        Path dir = home.resolve("saved_models/hm");
        dev.xfer.common.Provenance p = dev.xfer.common.Provenance.readFrom(dir);
        assertEquals("keras:handmade", p.arch());
        assertEquals(dev.xfer.common.Digests.sha256(ref.resolve("model.keras")), p.weightsSha256());
        assertEquals("none", p.pooling(), "the model's output is a vector: no pooling");
        assertEquals(32, p.imageSize());
        assertEquals("in the model", p.preprocessing());
        assertArrayEquals(new long[] {24}, p.featureShape());
        String keras = Files.readString(dir.resolve("keras.json"));
        assertTrue(keras.contains("\"keras_version\" : \"3."), keras);
        assertTrue(Files.isDirectory(dir.resolve("variables")));
        Run summary = xfer(home, "backbone", "summary", "hm");
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.out().contains("imported from a Keras model file"), summary.out());

        Run h5 = xfer(home, "backbone", "import", "--keras", ref.resolve("model.h5").toString(), "--layer",
                "inner", "--pooling", "max", "--preprocess", "tf");
        assertEquals(0, h5.code(), h5.err());
        assertTrue(h5.out().contains("cut at inner, max pooling"), h5.out());
        assertEquals("x/127.5 - 1", dev.xfer.common.Provenance.readFrom(home.resolve("saved_models/model"))
                .preprocessing());

        Path lambda = ref.resolve("lambda.keras");
        Run bad = xfer(home, "backbone", "import", "--keras", lambda.toString(), "--name", "lam");
        assertEquals(2, bad.code(), bad.err());
        List<String> lines = bad.err().lines().toList();
        assertEquals(1, lines.size(), bad.err());
        assertTrue(lines.getFirst().startsWith("xfer: " + lambda + ": layer 'times_two' (Lambda)"), bad.err());
        assertTrue(lines.getFirst().contains("SavedModel"), bad.err());
        assertTrue(Files.notExists(home.resolve("saved_models/lam")), "nothing written");
    }

    @Test
    void unknownOptionIsUsageErrorTwo(@TempDir Path home) throws Exception {
        Run r = xfer(home, "backbone", "list", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
    }

    /**
     * SIGKILL at several moments of an extraction (after the first shard, after more, while committing), then a
     * plain re-run: the cache must hold each image once, with the features of an uninterrupted run.
     */
    @Test
    void killedExtractionResumesToTheSameCache(@TempDir Path home) throws Exception {
        Path data = WorkspaceTest.copyPets(home.resolve("pets"), 16);
        String[] extract = {"extract", "--backbone", "squeezenet", "--weights",
                SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString(), "--image-size", "96", "--batch-size",
                "2", "--shard-rows", "2", "--quiet", "--json"};
        Path reference = home.resolve("reference");
        Run clean = xfer(home, concat(extract, "--cache", reference.toString(), data.toString()));
        assertEquals(0, clean.code(), clean.err());
        Map<String, float[]> expected = byPath(reference, "pets");
        assertEquals(32, expected.size());

        Path killed = home.resolve("killed");
        for (int shardsBeforeKill : new int[] {1, 5, 12}) {
            Process p = command(home, concat(extract, "--cache", killed.toString(), data.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && shardCount(killed) < shardsBeforeKill && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
            assertEquals(137, p.waitFor(), "killed mid-run, after " + shardCount(killed) + " shards");
        }
        Run resumed = xfer(home, concat(extract, "--cache", killed.toString(), data.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("\"rows\" : 32"), resumed.out());
        // the killed writers left leases of dead processes and maybe temporaries: gc sees through them
        Run gc = xfer(home, "cache", "gc", "--cache", killed.toString(), "--json");
        assertEquals(0, gc.code(), gc.err());
        assertTrue(gc.out().contains("\"busy\" : false"), gc.out());
        assertSameFeatures(expected, byPath(killed, "pets"));
    }

    /**
     * Ctrl-C (SIGINT) during an extraction: one line says how many images the store kept and that a rerun resumes,
     * exit 130, no writer announcement left in writers/; the same command again extracts only the rest.
     */
    @Test
    void interruptedExtractionSaysWhatIsKeptAndTheRerunExtractsTheRest(@TempDir Path home) throws Exception {
        Path data = WorkspaceTest.copyPets(home.resolve("pets"), 200);
        int total; // 400 with ../shared, the examples' 160 without it
        try (var files = Files.walk(data)) {
            total = (int) files.filter(Files::isRegularFile).count();
        }
        Path cache = home.resolve("cache");
        String[] extract = {"extract", "--backbone", "squeezenet", "--weights",
                SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString(), "--batch-size", "2", "--shard-rows", "4",
                "--cache", cache.toString(), data.toString()};
        Path err = home.resolve("interrupted.err");
        Process p = command(home, extract).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && shardCount(cache) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "still extracting after three shards");
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped");
        String printed = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(130, p.exitValue(), printed);
        List<String> said = printed.replace('\r', '\n').lines().filter(l -> l.startsWith("xfer:")).toList();
        assertEquals(1, said.size(), printed);
        var m = java.util.regex.Pattern.compile("xfer: interrupted: (\\d+) of " + total + " images kept in the store; "
                + "run the same command again to resume").matcher(said.getFirst());
        assertTrue(m.matches(), said.getFirst());
        assertTrue(printed.contains("\nxfer: interrupted"), "the line starts after the progress bar's: " + printed);
        int kept = Integer.parseInt(m.group(1));
        assertTrue(kept >= 12 && kept < total, "three shards of four rows at least, not all: " + kept);
        try (var s = Files.walk(cache)) {
            List<Path> left = s.filter(f -> f.getParent().getFileName().toString().equals("writers")).toList();
            assertEquals(List.of(), left, "the writer's record is removed");
        }
        Run again = xfer(home, concat(extract, "--quiet", "--json"));
        assertEquals(0, again.code(), again.err());
        var r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(again.out());
        assertEquals(total - kept, r.get("extracted").asInt(), "only the rest: " + again.out());
        assertEquals(kept, r.get("reused").asInt(), again.out());
        assertEquals(total, r.get("rows").asInt(), again.out());
    }

    /** No network: Keras' ImageNet weights cannot be downloaded, exit 1 (not bad input) with one line. */
    @Test
    void imagenetWeightsWithoutANetworkExitOneWithOneLine(@TempDir Path home) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there, connecting is refused as with no network
        }
        // an empty ~/.keras (user.home) and every https request through that dead proxy on 127.0.0.1
        Run r = run(command(home, List.of("-Duser.home=" + home, "-Dhttps.proxyHost=127.0.0.1",
                "-Dhttps.proxyPort=" + port), "backbone", "import", "--arch", "squeezenet", "--weights", "imagenet",
                "--name", "sq"), home, 120);
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("xfer: failed: cannot download https://"), r.err());
        assertTrue(r.err().contains("with no network, copy squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5 "
                + "into " + home.resolve(".keras/models")), r.err());
        try (var s = Files.list(home.resolve(".keras/models"))) {
            assertEquals(0, s.count(), "no partial download left");
        }
        assertTrue(Files.notExists(home.resolve("saved_models/sq")));
    }

    /**
     * The same rows with the same features. Which images share a batch follows which decoding thread finished
     * first, and oneDNN's kernels round differently with the batch: equal to float rounding, not always bit for bit.
     */
    static void assertSameFeatures(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "no missing or extra rows");
        for (var e : expected.entrySet()) {
            float[] want = e.getValue();
            float[] got = actual.get(e.getKey());
            assertEquals(want.length, got.length);
            for (int j = 0; j < want.length; j++) {
                assertEquals(want[j], got[j], 1e-5f * Math.max(1f, Math.abs(want[j])), e.getKey() + " [" + j + "]");
            }
        }
    }

    /**
     * The launcher's shortcut past JavaCPP's library search: a first run records where TensorFlow's libraries
     * were, a second started with that directory and the search off extracts the same features.
     */
    @Test
    void recordedTensorFlowDirectoryGivesTheSameFeaturesWithoutTheSearch(@TempDir Path home) throws Exception {
        Path data = WorkspaceTest.copyPets(home.resolve("pets"), 2);
        Path record = home.resolve("tensorflow-libraries");
        String[] extract = {"extract", "--backbone", "squeezenet", "--weights",
                SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString(), "--image-size", "96", "--quiet"};
        Run searched = run(command(home, List.of("-Dxfer.tensorflow.record=" + record),
                concat(extract, "--cache", home.resolve("searched").toString(), data.toString())), home, 120);
        assertEquals(0, searched.code(), searched.err());
        String dir = Files.readString(record, StandardCharsets.UTF_8).strip();
        assertTrue(Files.isRegularFile(Path.of(dir, "libtensorflow_cc.so.2")), dir);

        Run direct = run(command(home, List.of("-Djava.library.path=" + dir,
                "-Dorg.bytedeco.javacpp.findLibraries=false"),
                concat(extract, "--cache", home.resolve("direct").toString(), data.toString())), home, 120);
        assertEquals(0, direct.code(), direct.err());
        Map<String, float[]> want = byPath(home.resolve("searched"), "pets");
        assertEquals(4, want.size());
        assertSameFeatures(want, byPath(home.resolve("direct"), "pets"));
    }

    /**
     * SIGKILL during fine-tuning, once the first epoch's checkpoint is on disk, then the same command with
     * --resume: the model ends with the same epochs and scores as an uninterrupted run.
     */
    @Test
    void killedFineTuningResumesToTheSameModel(@TempDir Path home) throws Exception {
        Path data = WorkspaceTest.copyPets(home.resolve("pets"), 12);
        String[] finetune = {"finetune", data.toString(), "--backbone", "squeezenet", "--weights",
                SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString(), "--image-size", "64",
                "--unfreeze-from", "fire9", "--augment", "--epochs", "4", "--patience", "0", "--batch-size", "4",
                "--lr", "1e-3", "--quiet"};
        Run clean = xfer(home, concat(finetune, "--out", home.resolve("models/clean").toString()));
        assertEquals(0, clean.code(), clean.err());

        Path state = home.resolve("models/.killed.training/state.json");
        Process p = command(home, concat(finetune, "--out", home.resolve("models/killed").toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && !Files.exists(state) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        p.destroyForcibly();
        assertEquals(137, p.waitFor(), "killed mid-run");
        Run again = xfer(home, concat(finetune, "--out", home.resolve("models/killed").toString()));
        assertEquals(2, again.code(), "an interrupted run is not silently restarted: " + again.err());
        assertTrue(again.err().contains("--resume"), again.err());
        Run resumed = xfer(home, concat(finetune, "--resume", "--out", home.resolve("models/killed").toString()));
        assertEquals(0, resumed.code(), resumed.err());

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var a = json.readTree(home.resolve("models/clean/metrics.json").toFile());
        var b = json.readTree(home.resolve("models/killed/metrics.json").toFile());
        assertTrue(b.get("resumed_after_epoch").asInt() >= 1, b.toString());
        assertEquals(a.get("history"), b.get("history"));
        assertEquals(a.get("val"), b.get("val"));
        assertEquals(a.get("frozen_sha256_exported"), b.get("frozen_sha256_exported"));
    }

    /**
     * Two real processes extract two different datasets (sharing some photos) into one store at the same time:
     * both finish, each snapshot holds every one of its rows with the features a lone extraction gives.
     */
    @Test
    void twoConcurrentExtractionsIntoOneStoreLoseNothing(@TempDir Path home) throws Exception {
        Path a = WorkspaceTest.copyPets(home.resolve("a"), 14);
        Path b = Files.createDirectories(home.resolve("b"));
        for (String[] c : new String[][] {{"cat", "kitten"}, {"dog", "puppy"}}) {
            Files.createDirectories(b.resolve(c[1]));
            try (var s = Files.list(SharedData.resolve(SharedData.PETS).resolve(c[0]))) {
                for (Path p : s.sorted().skip(10).limit(14).toList()) {
                    Files.copy(p, b.resolve(c[1]).resolve(p.getFileName()));
                }
            }
        }
        Path cache = home.resolve("shared-cache");
        String[] extract = {"extract", "--backbone", "squeezenet", "--weights",
                SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString(), "--image-size", "64", "--batch-size",
                "2", "--shard-rows", "3", "--quiet", "--json"};
        Process pa = command(home, concat(extract, "--cache", cache.toString(), a.toString())).redirectOutput(home.resolve("a.out").toFile())
                .redirectError(home.resolve("a.err").toFile()).start();
        Process pb = command(home, concat(extract, "--cache", cache.toString(), b.toString())).redirectOutput(home.resolve("b.out").toFile())
                .redirectError(home.resolve("b.err").toFile()).start();
        assertTrue(pa.waitFor(120, TimeUnit.SECONDS) && pb.waitFor(120, TimeUnit.SECONDS), "both finished in time");
        assertEquals(0, pa.exitValue(), Files.readString(home.resolve("a.err")));
        assertEquals(0, pb.exitValue(), Files.readString(home.resolve("b.err")));
        Map<String, float[]> rowsA = byPath(cache, "a");
        Map<String, float[]> rowsB = byPath(cache, "b");
        assertEquals(28, rowsA.size());
        assertEquals(28, rowsB.size());
        // the four photos both datasets hold have one key and the same features in both
        for (var e : rowsB.entrySet()) {
            String inA = e.getKey().replace("kitten/", "cat/").replace("puppy/", "dog/");
            if (rowsA.containsKey(inA)) {
                assertArrayEquals(rowsA.get(inA), e.getValue(), 1e-5f, inA);
            }
        }
        Path lone = home.resolve("lone-cache");
        Run alone = xfer(home, concat(extract, "--cache", lone.toString(), b.toString()));
        assertEquals(0, alone.code(), alone.err());
        Map<String, float[]> reference = byPath(lone, "b");
        for (var e : reference.entrySet()) {
            float[] got = rowsB.get(e.getKey());
            // which photos share a batch, and whether the last batch holds one photo, follows the other writer's
            // timing; oneDNN picks other kernels for a batch of one: equal to float rounding of those kernels
            for (int j = 0; j < got.length; j++) {
                assertEquals(e.getValue()[j], got[j], 1e-4f * Math.max(1f, Math.abs(e.getValue()[j])), e.getKey());
            }
        }
        Run verify = xfer(home, "cache", "verify", "--cache", cache.toString());
        assertEquals(0, verify.code(), verify.out());
    }

    static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    private static long shardCount(Path cacheRoot) throws IOException {
        if (!Files.isDirectory(cacheRoot)) {
            return 0;
        }
        try (var s = Files.walk(cacheRoot)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".arrow")).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // the child renamed a temporary shard while we walked: look again on the next poll
        }
    }

    /** Every row of the latest snapshot of {@code dataset} under {@code cacheRoot}, by path; fails on a duplicate. */
    static Map<String, float[]> byPath(Path cacheRoot, String dataset) throws IOException {
        Map<String, float[]> rows = new HashMap<>();
        try (RootAllocator a = new RootAllocator()) {
            FeatureTable t = new Catalog(new LocalStorage(cacheRoot)).latest(dataset).table(a, true);
            for (int i = 0; i < t.rows(); i++) {
                assertNull(rows.put(t.paths().get(i), t.row(i)), "duplicate row " + t.paths().get(i));
            }
        }
        return rows;
    }
}
