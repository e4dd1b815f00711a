package dev.xfer.spark;

import dev.xfer.common.Provenance;
import dev.xfer.common.storage.Storage;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.savedmodel.SavedModelBackbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The conv base of an executor JVM, opened once and shared by every task that runs there (reopening it per task
 * cost others 13 s a partition), keyed by the model's digest. Opening copies the model from the store when the
 * store is not on a local disk, checks the copy's digest, and refuses a model whose provenance is not the
 * store's. Lives until the JVM ends.
 */
public final class ConvBaseHolder {
    private static final Map<String, SavedModelBackbone> OPEN = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ConvBaseHolder() {
    }

    /** The conv base for {@code model}, loading it on first use in this JVM. */
    public static SavedModelBackbone get(Storage store, ModelFiles model, Provenance expected) {
        return OPEN.computeIfAbsent(model.digest(), d -> load(store, model, expected));
    }

    /** How many times this JVM loaded a conv base: one per model, or the holder failed at its job. */
    public static int loads() {
        return LOADS.get();
    }

    private static SavedModelBackbone load(Storage store, ModelFiles model, Provenance expected) {
        try {
            Path local = localCopy(store, model);
            SavedModelBackbone b = SavedModelBackbone.open(local, expected.imageSize(), Device.AUTO);
            try {
                b.provenance().requireSameFeatures(expected, "model " + model.digest(), "the feature store");
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
            int n = LOADS.incrementAndGet();
            System.err.printf("xfer: conv base %s loaded in executor JVM pid %d (load %d in this JVM)%n",
                    model.digest().substring(0, 12), ProcessHandle.current().pid(), n);
            return b;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path localCopy(Storage store, ModelFiles model) throws IOException {
        String uri = store.describe();
        if (uri.startsWith("file:")) {
            Path p = Path.of(java.net.URI.create(uri + "/" + model.folder()));
            if (Files.isDirectory(p)) {
                if (!ModelFiles.of(p).equals(model)) {
                    throw new IOException(p + ": the model's files no longer have digest " + model.digest()
                            + " (damaged or changed); run the extraction again to copy it afresh");
                }
                return p;
            }
        }
        Path to = Path.of(System.getProperty("java.io.tmpdir"), "xfer-models", model.digest());
        if (!Files.isRegularFile(to.resolve("xfer.json"))) {
            Path tmp = Files.createTempDirectory(Files.createDirectories(to.getParent()), "." + model.digest());
            model.download(store, tmp);
            try {
                Files.move(tmp, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException other) {
                dev.xfer.common.AtomicFiles.deleteTree(tmp); // another JVM on this host copied it first
            }
        }
        return to;
    }
}
