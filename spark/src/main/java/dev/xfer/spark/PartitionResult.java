package dev.xfer.spark;

import dev.xfer.common.store.Rejected;
import java.io.Serializable;
import java.util.List;

/**
 * What one task attempt did with its partition: the shards it wrote under its own staging folder (the driver
 * publishes them only if this attempt is the one Spark keeps), the images it could not decode, and which JVM
 * did it, with that JVM's count of conv-base loads (one, if the holder does its job).
 */
public record PartitionResult(int partition, int attempt, String stagingDir, List<String> shards, int extracted,
                              List<Rejected> rejected, long pid, int loadsInJvm, double seconds)
        implements Serializable {
}
