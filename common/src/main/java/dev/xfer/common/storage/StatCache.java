package dev.xfer.common.storage;

import dev.xfer.common.AtomicFiles;
import dev.xfer.common.Digests;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sha256 of local files remembered with their size and modification time, so a folder that has not
 * changed is not read again (git's index does the same). A file is hashed again when its size or time differs,
 * or when it was modified less than {@link #RACY_MILLIS} before it was hashed: a later change within the same
 * clock tick would keep its time. One file per folder, replaced whole; a missing or unreadable one is empty.
 */
public final class StatCache {
    /** Where a cache folder keeps these files. */
    public static final String DIR = ".stat";
    static final int VERSION = 1;
    /** Coarse file-system clocks tick at one or two seconds. */
    static final long RACY_MILLIS = 2_000;

    private record Entry(long size, long modifiedNanos, long hashedMillis, String sha256) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean changed;

    private StatCache(Path file) {
        this.file = file;
    }

    /** The cache of folder {@code root}'s files, kept under {@code dir} (created on save). */
    public static StatCache of(Path dir, Path root) {
        String key = Digests.sha256(root.toAbsolutePath().normalize().toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).substring(0, 24);
        StatCache c = new StatCache(dir.resolve(key + ".bin"));
        c.load();
        return c;
    }

    /** A cache that remembers nothing (storage that is not a local folder). */
    public static StatCache none() {
        return new StatCache(null);
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != VERSION) {
                return;
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                entries.put(path, new Entry(in.readLong(), in.readLong(), in.readLong(), in.readUTF()));
            }
        } catch (IOException | RuntimeException e) {
            entries.clear(); // a damaged cache only costs reading the files again
        }
    }

    /** The file's sha256, from the cache when its size and time are unchanged, else read and remembered. */
    public String sha256(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        String key = f.toAbsolutePath().normalize().toString();
        long modified = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Entry e = entries.get(key);
        if (e != null && e.size() == a.size() && e.modifiedNanos() == modified
                && e.hashedMillis() - modified / 1_000_000 > RACY_MILLIS) {
            return e.sha256();
        }
        long hashed = System.currentTimeMillis();
        String sha = Digests.sha256(f);
        if (file != null) {
            entries.put(key, new Entry(a.size(), modified, hashed, sha));
            changed = true;
        }
        return sha;
    }

    /** Writes the cache if anything was hashed; a failure to write is not an error (it is only a cache). */
    public void save() {
        if (file == null || !changed) {
            return;
        }
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(b)) {
                out.writeInt(VERSION);
                out.writeInt(entries.size());
                for (var e : entries.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue().size());
                    out.writeLong(e.getValue().modifiedNanos());
                    out.writeLong(e.getValue().hashedMillis());
                    out.writeUTF(e.getValue().sha256());
                }
            }
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, b.toByteArray());
            changed = false;
        } catch (IOException e) {
            // the next run hashes again
        }
    }
}
