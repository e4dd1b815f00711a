package dev.xfer.common.cache;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Provenance;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A cache folder opened for writing. Holds the folder's lock, knows every feature vector already on disk
 * (by image sha256, from the manifest's shards and from shards an interrupted run left behind), appends new
 * shards as extraction goes, and finally commits a manifest naming exactly one row per wanted image.
 *
 * <p>Crash safety: shards appear by atomic rename; the manifest is replaced atomically only after the shards it
 * names are on disk; unused shards are deleted only after that. A run killed at any moment leaves a valid
 * cache plus finished shards that the next run reuses.
 */
public final class FeatureCache implements AutoCloseable {
    static final String LOCK = ".lock";

    private final Path dir;
    private final Provenance provenance;
    private final BufferAllocator allocator;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, List<FeatureRow>> shards = new LinkedHashMap<>();
    /** sha256 of each shard file in {@link #shards}, computed once when it is loaded or written. */
    private final Map<String, String> shardSha = new HashMap<>();
    private final Map<String, float[]> known = new HashMap<>();
    private int written;

    private FeatureCache(Path dir, Provenance provenance, BufferAllocator allocator, FileChannel ch, FileLock lock) {
        this.dir = dir;
        this.provenance = provenance;
        this.allocator = allocator;
        this.lockChannel = ch;
        this.lock = lock;
    }

    /** Opens (creating if needed) {@code dir} for {@code provenance}; waits for another writer unless told not to. */
    public static FeatureCache openForWrite(Path dir, Provenance provenance, BufferAllocator allocator, boolean wait)
            throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        while ((lock = tryLock(ch)) == null) {
            if (!wait) {
                ch.close();
                throw new BadInputException(dir + " is being written by another xfer extract: wait for it, or run "
                        + "without --no-wait to queue behind it");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ch.close();
                throw new IOException("interrupted while waiting for " + dir, e);
            }
        }
        FeatureCache c = new FeatureCache(dir, provenance, allocator, ch, lock);
        try {
            c.load();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Polled rather than blocking, so a holder in this same JVM (which the OS does not see) is waited for too. */
    static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    private void load() throws IOException {
        Map<String, String> expectedSha = new HashMap<>();
        if (CacheManifest.exists(dir)) {
            CacheManifest m = CacheManifest.read(dir);
            m.provenance().requireSameFeatures(provenance, "cache " + dir, "this extraction");
            m.shards().forEach(s -> expectedSha.put(s.file(), s.sha256()));
        }
        for (Path f : shardFiles(dir)) {
            String name = f.getFileName().toString();
            String want = expectedSha.get(name);
            String actual = Digests.sha256(f);
            if (want != null && !want.equals(actual)) {
                continue; // damaged: its rows are re-extracted and the file replaced at commit
            }
            List<FeatureRow> rows;
            try {
                ShardFile.Contents c = ShardFile.read(f, allocator);
                if (c.provenance() == null) {
                    continue;
                }
                c.provenance().requireSameFeatures(provenance, "shard " + f, "this extraction");
                rows = c.rows();
            } catch (BadInputException e) {
                continue;
            }
            shards.put(name, rows);
            shardSha.put(name, actual);
            rows.forEach(r -> known.put(r.sha256(), r.features()));
        }
    }

    /** Shard files in a cache folder, in name order; hidden temporaries are not shards. */
    public static List<Path> shardFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".arrow"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    public Path dir() {
        return dir;
    }

    /** Features already on disk for an image with these bytes, or null. */
    public float[] known(String sha256) {
        return known.get(sha256);
    }

    /** Writes freshly extracted rows as a new shard, immediately durable; returns its file name. */
    public String append(List<FeatureRow> rows, List<String> classes) throws IOException {
        if (rows.isEmpty()) {
            return null;
        }
        String name = String.format("shard-%d-%04d.arrow", System.currentTimeMillis(), written++);
        ShardFile.write(dir.resolve(name), provenance, classes, rows, allocator);
        shards.put(name, List.copyOf(rows));
        shardSha.put(name, Digests.sha256(dir.resolve(name)));
        rows.forEach(r -> known.put(r.sha256(), r.features()));
        return name;
    }

    /**
     * Makes the cache hold exactly {@code wanted} (rows without features: path, label, split, sha256), whose
     * features must all be known by now. Whole shards are kept where they match; the rest is rewritten from
     * features on disk, never re-extracted. Returns the manifest written.
     */
    public CacheManifest commit(List<FeatureRow> wanted, List<String> classes, String dataset, int shardRows)
            throws IOException {
        Map<String, FeatureRow> byKey = new LinkedHashMap<>();
        wanted.forEach(r -> byKey.put(key(r), r));
        Set<String> covered = new HashSet<>();
        List<CacheManifest.Shard> kept = new ArrayList<>();
        for (Map.Entry<String, List<FeatureRow>> s : shards.entrySet()) {
            List<String> keys = s.getValue().stream().map(FeatureCache::key).toList();
            boolean useful = !keys.isEmpty() && keys.stream().allMatch(k -> byKey.containsKey(k) && !covered.contains(k))
                    && new HashSet<>(keys).size() == keys.size();
            if (useful) {
                covered.addAll(keys);
                kept.add(new CacheManifest.Shard(s.getKey(), keys.size(), shardSha.get(s.getKey())));
            }
        }
        List<FeatureRow> rest = new ArrayList<>();
        for (Map.Entry<String, FeatureRow> e : byKey.entrySet()) {
            if (!covered.contains(e.getKey())) {
                FeatureRow r = e.getValue();
                float[] f = known.get(r.sha256());
                if (f == null) {
                    throw new IllegalStateException("no features for " + r.path() + " at commit");
                }
                rest.add(new FeatureRow(r.path(), r.label(), r.split(), r.sha256(), f, r.view()));
            }
        }
        for (int i = 0; i < rest.size(); i += shardRows) {
            List<FeatureRow> chunk = rest.subList(i, Math.min(rest.size(), i + shardRows));
            String name = append(chunk, classes);
            kept.add(new CacheManifest.Shard(name, chunk.size(), shardSha.get(name)));
        }
        CacheManifest m = new CacheManifest(1, provenance, dataset, List.copyOf(classes), List.copyOf(kept),
                Instant.now().toString());
        m.write(dir);
        Set<String> inUse = new HashSet<>();
        kept.forEach(s -> inUse.add(s.file()));
        for (Path f : shardFiles(dir)) {
            if (!inUse.contains(f.getFileName().toString())) {
                Files.deleteIfExists(f);
            }
        }
        return m;
    }

    private static String key(FeatureRow r) {
        return r.path() + '\u0000' + r.label() + '\u0000' + r.split() + '\u0000' + r.sha256() + '\u0000' + r.view();
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            lockChannel.close();
        }
    }
}
