package dev.xfer.spark.storage;

import dev.xfer.common.Digests;
import dev.xfer.common.storage.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * {@link Storage} on Hadoop's FileSystem: hdfs://, s3a://, file:// (a path without a scheme is local). An object
 * is written to a hidden temporary beside its name and renamed into place: atomic on HDFS and on local disks; on
 * S3 a rename is a copy, and a copy appears whole, which is all the store needs. Create-if-absent is a rename
 * that refuses an existing name (HDFS, local); on S3 two racing writers may both succeed, and since only the same
 * content ever goes under one snapshot name, the last one wins harmlessly. Local paths use Hadoop's raw local
 * file system, so no checksum files appear beside the objects.
 *
 * <p>Serializable by its URI, so Spark tasks can carry it; the FileSystem is looked up again where it is used.
 */
public final class HadoopStorage implements Storage, Serializable {
    private static final long serialVersionUID = 1L;

    private final String root;
    private transient FileSystem fs;

    public HadoopStorage(String root) {
        String r = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
        this.root = URI.create(r).getScheme() == null ? java.nio.file.Path.of(r).toAbsolutePath().normalize().toUri()
                .toString().replaceAll("/$", "") : r;
    }

    /** The URI of the root, e.g. {@code hdfs://nn:8020/data/cache} or {@code file:/tmp/cache}. */
    public String uri() {
        return root;
    }

    private FileSystem fs() throws IOException {
        if (fs == null) {
            Path p = new Path(root);
            FileSystem f = p.getFileSystem(new Configuration());
            fs = f instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : f;
        }
        return fs;
    }

    Path path(String name) {
        if (name.startsWith("/") || java.util.Arrays.asList(name.split("/")).contains("..")) {
            throw new IllegalArgumentException("object name outside the storage: " + name);
        }
        return name.isEmpty() ? new Path(root) : new Path(root + "/" + name);
    }

    @Override
    public String describe() {
        return root;
    }

    @Override
    public Storage child(String dir) {
        return new HadoopStorage(path(dir).toString());
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
        FileStatus[] all;
        try {
            all = fs().listStatus(path(dir));
        } catch (java.io.FileNotFoundException none) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (FileStatus s : all) {
            String name = s.getPath().getName();
            if (Storage.isTemporary(name) == hidden) {
                out.add(new Entry(name, s.getLen(), Instant.ofEpochMilli(s.getModificationTime()), s.isDirectory()));
            }
        }
        out.sort(java.util.Comparator.comparing(Entry::name));
        return out;
    }

    @Override
    public boolean exists(String name) throws IOException {
        return fs().exists(path(name));
    }

    @Override
    public long size(String name) throws IOException {
        return fs().getFileStatus(path(name)).getLen();
    }

    @Override
    public SeekableByteChannel openRead(String name) throws IOException {
        try {
            return new SeekableInput(fs().open(path(name)), size(name));
        } catch (java.io.FileNotFoundException e) {
            throw new java.nio.file.NoSuchFileException(path(name).toString());
        }
    }

    @Override
    public void write(String name, Content content) throws IOException {
        Path target = path(name);
        Path tmp = temporary(target);
        try {
            fill(tmp, content, null);
            replace(tmp, target);
        } finally {
            fs().delete(tmp, false);
        }
    }

    @Override
    public boolean writeIfAbsent(String name, byte[] content) throws IOException {
        Path target = path(name);
        if (fs().exists(target)) {
            return false;
        }
        Path tmp = temporary(target);
        try {
            fill(tmp, Storage.bytes(content), null);
            // rename refuses an existing target on HDFS and local disks: one writer wins
            return fs().rename(tmp, target);
        } catch (FileAlreadyExistsException taken) {
            return false;
        } finally {
            fs().delete(tmp, false);
        }
    }

    @Override
    public String writeContentAddressed(String dir, String suffix, Content content) throws IOException {
        Path folder = path(dir);
        Path tmp = temporary(new Path(folder, "object" + suffix));
        try {
            MessageDigest sha = Digests.sha256Digest();
            fill(tmp, content, sha);
            String name = HexFormat.of().formatHex(sha.digest()) + suffix;
            Path target = new Path(folder, name);
            if (!fs().exists(target) && !fs().rename(tmp, target) && !fs().exists(target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
            return name;
        } finally {
            fs().delete(tmp, false);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        fs().delete(path(name), false);
    }

    @Override
    public void deleteTree(String dir) throws IOException {
        fs().delete(path(dir), true);
    }

    @Override
    public void move(String from, String to) throws IOException {
        Path target = path(to);
        fs().mkdirs(target.getParent());
        if (fs().exists(target) || !fs().rename(path(from), target)) {
            throw new IOException("cannot move " + path(from) + " to " + target + " (exists, or rename refused)");
        }
    }

    /**
     * Renames {@code tmp} over {@code target} in one step: rename(2) on a local disk, FileContext's rename with
     * OVERWRITE elsewhere (atomic on HDFS), so a reader never finds the name missing.
     */
    private void replace(Path tmp, Path target) throws IOException {
        if (fs() instanceof RawLocalFileSystem) {
            if (!fs().rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } else {
            FileContext.getFileContext(fs().getUri(), fs().getConf()).rename(tmp, target, Options.Rename.OVERWRITE);
        }
    }

    private Path temporary(Path target) throws IOException {
        fs().mkdirs(target.getParent());
        return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    }

    private void fill(Path tmp, Content content, MessageDigest digest) throws IOException {
        try (FSDataOutputStream out = fs().create(tmp, false)) {
            content.writeTo(new StreamChannel(out, digest));
            out.hsync();
        }
    }

    /** Writes to a Hadoop stream, and into a digest if any; closing it leaves the stream to its owner. */
    private record StreamChannel(OutputStream out, MessageDigest digest) implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + src.position(), n);
                if (digest != null) {
                    digest.update(src.array(), src.arrayOffset() + src.position(), n);
                }
                src.position(src.limit());
            } else {
                byte[] b = new byte[n];
                src.get(b);
                out.write(b);
                if (digest != null) {
                    digest.update(b);
                }
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // the stream is closed, and synced, by its owner
        }
    }
}
