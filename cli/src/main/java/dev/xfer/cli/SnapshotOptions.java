package dev.xfer.cli;

import dev.xfer.common.store.Catalog;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which snapshot a command reads: an id (or unique prefix) as the first argument, or {@code --dataset NAME}. */
final class SnapshotOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SNAPSHOT",
            description = "A snapshot id or a unique prefix of one ('xfer cache list'); an xfer 0.1 run id opens "
                    + "that cache read-only.")
    String snapshot;

    @Option(names = "--dataset", paramLabel = "NAME", description = "The latest snapshot of dataset NAME instead "
            + "('xfer extract --name NAME'; default name: the folder's).")
    String dataset;

    @Mixin
    CacheOptions cache;

    Catalog.Found resolve() throws IOException {
        return cache.catalog().resolve(snapshot, dataset);
    }
}
