package dev.xfer.common.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.AtomicFiles;
import dev.xfer.common.Workspace;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds cache runs that nothing trained refers to and removes them. A head bundle or fine-tuned model names
 * the run it was trained on in the {@code cache_run} field of its {@code head.json}; runs named there are kept.
 * A run being written (its lock held) is never touched.
 */
public final class CacheGc {
    /** A run that would be, or was, removed. */
    public record Victim(Path dir, long bytes, String reason) {
    }

    /** What gc found: runs to drop, runs kept because something refers to them, runs skipped as busy. */
    public record Plan(List<Victim> drop, List<Path> kept, List<Path> busy) {
        public long bytes() {
            return drop.stream().mapToLong(Victim::bytes).sum();
        }
    }

    public static final String HEAD_FILE = "head.json";
    public static final String CACHE_RUN_FIELD = "cache_run";

    private CacheGc() {
    }

    /** Run ids referred to by any {@code heads/*}/{@code models/*} bundle of the workspace. */
    public static Set<String> referencedRuns(Workspace ws) throws IOException {
        Set<String> refs = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (Path root : List.of(ws.heads(), ws.models())) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.list(root)) {
                for (Path bundle : s.toList()) {
                    Path f = bundle.resolve(HEAD_FILE);
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    JsonNode run = json.readTree(f.toFile()).get(CACHE_RUN_FIELD);
                    if (run != null && run.isTextual()) {
                        refs.add(run.asText());
                    }
                }
            } catch (IOException e) {
                // An unreadable bundle might refer to anything: keeping everything is the safe answer.
                throw new IOException("cannot read the head bundles under " + root + " (" + e.getMessage()
                        + "); nothing was removed", e);
            }
        }
        return refs;
    }

    /** Works out what to drop under {@code cacheRoot}; changes nothing. */
    public static Plan plan(Path cacheRoot, Set<String> referenced) throws IOException {
        List<Victim> drop = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        if (!Files.isDirectory(cacheRoot)) {
            return new Plan(drop, kept, List.of());
        }
        try (Stream<Path> s = Files.list(cacheRoot)) {
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                String id = dir.getFileName().toString();
                if (referenced.contains(id)) {
                    kept.add(dir);
                } else {
                    String why = CacheManifest.exists(dir) ? "no head or model refers to it"
                            : "unfinished extraction (no manifest)";
                    drop.add(new Victim(dir, size(dir), why));
                }
            }
        }
        return new Plan(drop, kept, List.of());
    }

    /** Removes the plan's runs, each under its own lock; returns the plan as carried out. */
    public static Plan apply(Plan plan) throws IOException {
        List<Victim> dropped = new ArrayList<>();
        List<Path> busy = new ArrayList<>();
        for (Victim v : plan.drop()) {
            Path lockFile = v.dir().resolve(FeatureCache.LOCK);
            if (!Files.exists(lockFile)) {
                AtomicFiles.deleteTree(v.dir());
                dropped.add(v);
                continue;
            }
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock lock = FeatureCache.tryLock(ch);
                if (lock == null) {
                    busy.add(v.dir());
                    continue;
                }
                // Move the run aside while locked, so no writer can open it half-deleted.
                Path doomed = v.dir().resolveSibling("." + v.dir().getFileName() + ".gc");
                Files.move(v.dir(), doomed);
                lock.release();
                AtomicFiles.deleteTree(doomed);
                dropped.add(v);
            }
        }
        return new Plan(dropped, plan.kept(), busy);
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
