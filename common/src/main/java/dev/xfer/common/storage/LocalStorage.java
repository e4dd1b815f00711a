package dev.xfer.common.storage;

import dev.xfer.common.Digests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link Storage} on a local (or mounted) file system. An object is written to a hidden temporary beside its
 * name, forced to disk, then renamed over the name; create-if-absent is a hard link, which the kernel refuses
 * atomically when the name is taken.
 */
public final class LocalStorage implements Storage {
    private final Path root;

    public LocalStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file behind object {@code name}. */
    public Path file(String name) {
        if (name.isEmpty()) {
            return root;
        }
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root) || name.startsWith("/")) {
            throw new IllegalArgumentException("object name outside the storage: " + name);
        }
        return p;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public Storage child(String dir) {
        return new LocalStorage(file(dir));
    }

    @Override
    public List<Entry> list(String dir) throws IOException {
        return entries(dir, false);
    }

    @Override
    public List<Entry> temporaries(String dir) throws IOException {
        return entries(dir, true);
    }

    private List<Entry> entries(String dir, boolean hidden) throws IOException {
        Path d = file(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Storage.isTemporary(name) != hidden) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    out.add(new Entry(name, a.size(), a.lastModifiedTime().toInstant(), a.isDirectory()));
                } catch (NoSuchFileException gone) {
                    // renamed or removed by another writer while we listed: it is not there
                }
            }
        }
        return out;
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(file(name));
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(file(name));
    }

    @Override
    public SeekableByteChannel openRead(String name) throws IOException {
        return FileChannel.open(file(name), StandardOpenOption.READ);
    }

    @Override
    public void write(String name, Content content) throws IOException {
        Path target = file(name);
        Path tmp = temporary(target);
        try {
            fill(tmp, content, null);
            rename(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public boolean writeIfAbsent(String name, byte[] content) throws IOException {
        Path target = file(name);
        if (Files.exists(target)) {
            return false;
        }
        Path tmp = temporary(target);
        try {
            fill(tmp, Storage.bytes(content), null);
            try {
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            } catch (UnsupportedOperationException noLinks) {
                // file systems without hard links: a plain rename that refuses an existing name
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    return true;
                } catch (FileAlreadyExistsException taken) {
                    return false;
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String writeContentAddressed(String dir, String suffix, Content content) throws IOException {
        Path folder = file(dir);
        Path tmp = temporary(folder.resolve("object" + suffix));
        try {
            MessageDigest sha = Digests.sha256Digest();
            fill(tmp, content, sha);
            String name = HexFormat.of().formatHex(sha.digest()) + suffix;
            Path target = folder.resolve(name);
            if (!Files.exists(target)) {
                rename(tmp, target);
            }
            return name;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }

    @Override
    public void deleteTree(String dir) throws IOException {
        dev.xfer.common.AtomicFiles.deleteTree(file(dir));
    }

    @Override
    public void move(String from, String to) throws IOException {
        Path target = file(to);
        Files.createDirectories(target.getParent());
        Files.move(file(from), target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path temporary(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static void fill(Path tmp, Content content, MessageDigest digest) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            content.writeTo(new GuardedChannel(ch, digest));
            ch.force(true);
        }
    }

    private static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Passes writes through to a file (and into a digest, if any, so an object is hashed as it is written). Closing
     * it does not close the file: writers such as Arrow's close their channel, and the file must still be forced.
     */
    private record GuardedChannel(WritableByteChannel out, MessageDigest digest) implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) throws IOException {
            ByteBuffer view = src.duplicate();
            int n = out.write(src);
            if (digest != null) {
                view.limit(view.position() + n);
                digest.update(view);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() {
            // the file is closed by its owner, after it is forced to disk
        }
    }
}
