package dev.xfer.common.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.List;

/**
 * A tree of named objects: names are '/'-separated paths relative to the storage's root. Names starting with a
 * dot are a writer's temporaries: never listed, never read by anyone but their writer.
 *
 * <p>What the feature store relies on, and nothing more: {@link #write} and {@link #writeContentAddressed} make an
 * object appear whole or not at all; {@link #writeIfAbsent} creates an object only if the name is free. There is
 * no lock and no rename of folders, so an object store (S3) or HDFS can implement it.
 */
public interface Storage {
    /** Writes an object's bytes; called once per write, may write in pieces. */
    @FunctionalInterface
    interface Content {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    /** An object or folder directly under a folder. */
    record Entry(String name, long size, Instant modified, boolean directory) {
    }

    /** Where this storage is, for messages: a folder or a URI. */
    String describe();

    /** The storage rooted at folder {@code dir} of this one. */
    Storage child(String dir);

    /** Objects and folders directly under {@code dir} ("" for the root), by name; none if it does not exist. */
    List<Entry> list(String dir) throws IOException;

    boolean exists(String name) throws IOException;

    /** Size in bytes of object {@code name}. */
    long size(String name) throws IOException;

    /** Opens object {@code name} for reading with seeks (Arrow's file format reads its footer first). */
    SeekableByteChannel openRead(String name) throws IOException;

    default byte[] read(String name) throws IOException {
        try (SeekableByteChannel ch = openRead(name)) {
            long n = ch.size();
            if (n > Integer.MAX_VALUE - 16) {
                throw new IOException(name + " is too large to read whole (" + n + " bytes)");
            }
            ByteBuffer b = ByteBuffer.allocate((int) n);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // keep reading
            }
            return b.array();
        }
    }

    /** sha256 of object {@code name}'s bytes, streamed. */
    default String sha256(String name) throws IOException {
        try (SeekableByteChannel ch = openRead(name)) {
            return dev.xfer.common.Digests.sha256(ch);
        }
    }

    /** Writes object {@code name}, replacing any: a reader sees the old object or all of the new one. */
    void write(String name, Content content) throws IOException;

    /** Creates object {@code name} only if no object has that name; false (nothing written) if one has. */
    boolean writeIfAbsent(String name, byte[] content) throws IOException;

    /**
     * Writes an object under {@code dir} named by the sha256 of its bytes plus {@code suffix}, whole or not at
     * all, and returns its name (without {@code dir}). Two writers of the same bytes make one object.
     */
    String writeContentAddressed(String dir, String suffix, Content content) throws IOException;

    /** Removes object {@code name}; nothing happens if there is none. */
    void delete(String name) throws IOException;

    /** Removes folder {@code dir} and everything under it; nothing happens if there is none. */
    void deleteTree(String dir) throws IOException;

    /** Renames object {@code from} to {@code to}, which must not exist (setting a damaged object aside). */
    void move(String from, String to) throws IOException;

    /** Temporaries under {@code dir} (of writers that are running or were killed), for garbage collection. */
    List<Entry> temporaries(String dir) throws IOException;

    /** Whether {@code name} is a writer's temporary (or a hidden file): never listed, never read as an object. */
    static boolean isTemporary(String name) {
        return name.startsWith(".");
    }

    static Content bytes(byte[] b) {
        return out -> {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
        };
    }
}
