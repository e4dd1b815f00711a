package dev.xfer.common.store;

import java.util.List;

/**
 * What a writer knows about a snapshot besides its listing: the dataset's name and root, how views were made,
 * what was refused, what the extraction cost, and (for a converted xfer 0.1 cache) where it came from.
 */
public record SnapshotInfo(String dataset, String root, String augmentation, List<Rejected> quarantine,
                           long images, long extracted, long reused, String migratedFrom, String created) {
    public SnapshotInfo {
        DatasetName.of(dataset);
        quarantine = List.copyOf(quarantine);
    }
}
