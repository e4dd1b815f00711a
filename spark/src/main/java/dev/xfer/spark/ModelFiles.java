package dev.xfer.spark;

import dev.xfer.common.Digests;
import dev.xfer.common.storage.Storage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A conv base shipped to executors as files, never by Java serialisation (a large model would break the 2 GB
 * limit): a SavedModel folder copied into the store under {@code models/DIGEST/}, where every executor can read
 * it, the digest covering every file's name and bytes. {@code xfer.json} is copied last, so a folder that has it
 * is complete.
 */
public record ModelFiles(String digest) implements Serializable {
    public static final String DIR = "models";
    private static final String MARKER = "xfer.json";

    /** The digest of a SavedModel folder: sha256 over its files' relative names and sha256, in name order. */
    public static ModelFiles of(Path dir) throws IOException {
        StringBuilder s = new StringBuilder();
        for (String name : files(dir)) {
            s.append(name).append('\t').append(Digests.sha256(dir.resolve(name))).append('\n');
        }
        return new ModelFiles(Digests.sha256(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The model's folder inside the store. */
    public String folder() {
        return DIR + "/" + digest;
    }

    /** Copies the local folder into the store unless a complete copy is there. */
    public void upload(Path dir, Storage store) throws IOException {
        if (store.exists(folder() + "/" + MARKER)) {
            return;
        }
        List<String> names = files(dir);
        names.remove(MARKER);
        names.add(MARKER);
        for (String name : names) {
            store.write(folder() + "/" + name, Storage.bytes(Files.readAllBytes(dir.resolve(name))));
        }
    }

    /** Copies the store's copy into local folder {@code to} (an executor's), and checks it against the digest. */
    public void download(Storage store, Path to) throws IOException {
        Storage src = store.child(folder());
        copy(src, "", to);
        ModelFiles local = of(to);
        if (!local.digest().equals(digest)) {
            throw new IOException(store.describe() + "/" + folder() + ": the copied model's digest is "
                    + local.digest() + ", not " + digest + " (damaged or changed)");
        }
    }

    private static void copy(Storage src, String rel, Path to) throws IOException {
        for (Storage.Entry e : src.list(rel)) {
            String name = rel.isEmpty() ? e.name() : rel + "/" + e.name();
            if (e.directory()) {
                copy(src, name, to);
            } else {
                Path f = to.resolve(name);
                Files.createDirectories(f.getParent());
                Files.write(f, src.read(name));
            }
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> names = new ArrayList<>(s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.startsWith(".")).sorted().toList());
            return names;
        }
    }
}
