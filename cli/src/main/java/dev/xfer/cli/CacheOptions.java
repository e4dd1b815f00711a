package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Workspace;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cache DIR}, the same on every command that reads or writes features. */
final class CacheOptions {
    @Option(names = "--cache", paramLabel = "DIR", description = "The cache folder (feature stores and snapshots). "
            + "Default: cache/ in the workspace.")
    String cache;

    LocalStorage storage() {
        String u = uri();
        if (u.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !u.startsWith("file:")) {
            throw new BadInputException("--cache " + u + ": a Hadoop URI; only 'xfer extract --spark' writes there, "
                    + "other commands read a local (or mounted) folder");
        }
        return new LocalStorage(u.startsWith("file:") ? Path.of(java.net.URI.create(u)) : Path.of(u));
    }

    /** As given (a local folder, or a Hadoop URI for a Spark job). */
    String uri() {
        return cache != null ? cache : Workspace.current().cache().toString();
    }

    Catalog catalog() {
        return new Catalog(storage());
    }
}
