package dev.xfer.common.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The snapshots (and xfer 0.1 cache runs) that the workspace's head bundles and fine-tuned models were trained
 * on: what garbage collection must keep.
 */
public record BundleReferences(Set<String> snapshots, Set<String> legacyRuns) {

    /** Reads {@code heads/}*{@code /head.json} and {@code models/}*{@code /head.json} of {@code ws}. */
    public static BundleReferences scan(Workspace ws) throws IOException {
        Set<String> snapshots = new HashSet<>();
        Set<String> runs = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (Path root : List.of(ws.heads(), ws.models())) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.list(root)) {
                for (Path bundle : s.toList()) {
                    Path f = bundle.resolve(BundleFormat.HEAD_FILE);
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    JsonNode head = json.readTree(f.toFile());
                    JsonNode snap = head.path(BundleFormat.SNAPSHOT_FIELD).path("id");
                    if (snap.isTextual()) {
                        snapshots.add(snap.asText());
                    }
                    JsonNode run = head.get(BundleFormat.LEGACY_CACHE_RUN_FIELD);
                    if (run != null && run.isTextual()) {
                        runs.add(run.asText());
                    }
                }
            } catch (IOException e) {
                // an unreadable bundle might refer to anything: keeping everything is the safe answer
                throw new IOException("cannot read the bundles under " + root + " (" + e.getMessage()
                        + "); nothing was removed", e);
            }
        }
        return new BundleReferences(Set.copyOf(snapshots), Set.copyOf(runs));
    }
}
