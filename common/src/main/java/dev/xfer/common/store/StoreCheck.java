package dev.xfer.common.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.xfer.common.BadInputException;
import dev.xfer.common.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code xfer cache verify}: every shard's bytes against the sha256 in its name, every listing against its
 * snapshot, every snapshot row against the store. With repair, damaged shards are moved to {@code damaged/} (kept,
 * never deleted) so the next extraction of their datasets runs those images again.
 */
public final class StoreCheck {
    /** A problem found: what, and what to do. */
    public record Problem(@JsonProperty("object") String object, @JsonProperty("what") String what) {
    }

    /** What a check of one store found ({@code xfer cache verify --json} prints it as it is). */
    @JsonPropertyOrder({"store", "ok", "shards", "snapshots", "problems", "moved_aside"})
    public record Report(@JsonProperty("store") String store, @JsonProperty("shards") int shards,
                         @JsonProperty("snapshots") int snapshots, @JsonProperty("problems") List<Problem> problems,
                         @JsonProperty("moved_aside") List<String> movedAside) {
        @JsonProperty("ok")
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private StoreCheck() {
    }

    public static Report check(FeatureStore store, boolean repair, BufferAllocator allocator) throws IOException {
        Storage st = store.storage();
        List<Problem> problems = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        int shards = 0;
        for (Storage.Entry e : st.list(ShardFile.DIR)) {
            if (!e.name().endsWith(ShardFile.SUFFIX)) {
                continue;
            }
            shards++;
            String name = ShardFile.DIR + "/" + e.name();
            if (!st.sha256(name).equals(e.name().substring(0, e.name().length() - ShardFile.SUFFIX.length()))) {
                damaged.add(e.name());
                problems.add(new Problem(st.describe() + "/" + name, "damaged: its bytes no longer match its name"));
            }
        }
        List<String> moved = new ArrayList<>();
        if (repair) {
            for (String d : damaged) {
                st.move(ShardFile.DIR + "/" + d, "damaged/" + d);
                moved.add(d);
            }
        }
        ShardIndex index = store.index(allocator);
        List<Snapshot> snapshots = store.snapshots();
        for (Snapshot s : snapshots) {
            try {
                long missing = store.listing(s, allocator).rows().stream().filter(r -> !index.contains(r.sha256()))
                        .count();
                if (missing > 0) {
                    problems.add(new Problem("snapshot " + s.shortId() + " (" + s.dataset() + ")", missing
                            + " rows have no features in the store; extract " + s.root() + " again"));
                }
            } catch (BadInputException e) {
                problems.add(new Problem("snapshot " + s.shortId() + " (" + s.dataset() + ")", e.getMessage()));
            }
        }
        return new Report(store.id(), shards, snapshots.size(), problems, moved);
    }
}
