package dev.xfer.cli;

import dev.xfer.common.Workspace;
import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cache DIR}, the same on every command that reads or writes features. */
final class CacheOptions {
    @Option(names = "--cache", paramLabel = "DIR", description = "The cache folder (feature stores and snapshots). "
            + "Default: cache/ in the workspace.")
    Path cache;

    LocalStorage storage() {
        return new LocalStorage(cache != null ? cache : Workspace.current().cache());
    }

    Catalog catalog() {
        return new Catalog(storage());
    }
}
