package dev.xfer.common.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.xfer.common.BadInputException;
import dev.xfer.common.store.legacy.LegacyRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code xfer cache verify}: every feature store of a cache checked shard by shard ({@link StoreCheck}, damaged
 * shards moved aside with {@code repair}), and every xfer 0.1 cache read whole. The record is the command's
 * {@code --json}.
 */
@JsonPropertyOrder({"ok", "problems", "stores", "legacy"})
public record CacheVerification(@JsonProperty("stores") List<StoreCheck.Report> stores,
                                @JsonProperty("legacy") List<LegacyCheck> legacy) {

    /** An xfer 0.1 cache: whether it reads whole, else why not. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"run", "ok", "problem"})
    public record LegacyCheck(@JsonProperty("run") String run, @JsonProperty("ok") boolean ok,
                              @JsonProperty("problem") String problem) {
    }

    public CacheVerification {
        stores = List.copyOf(stores);
        legacy = List.copyOf(legacy);
    }

    /** Problems found, in stores and old caches together. */
    @JsonProperty("problems")
    public int problems() {
        return stores.stream().mapToInt(r -> r.problems().size()).sum()
                + (int) legacy.stream().filter(l -> !l.ok()).count();
    }

    @JsonProperty("ok")
    public boolean ok() {
        return problems() == 0;
    }

    public static CacheVerification of(Catalog catalog, boolean repair) throws IOException {
        List<StoreCheck.Report> stores = new ArrayList<>();
        List<LegacyCheck> legacy = new ArrayList<>();
        try (BufferAllocator a = new RootAllocator()) {
            for (FeatureStore s : catalog.stores()) {
                stores.add(StoreCheck.check(s, repair, a));
            }
            for (LegacyRun run : catalog.legacyRuns()) {
                try {
                    run.rows(a, true);
                    legacy.add(new LegacyCheck(run.id(), true, null));
                } catch (BadInputException e) {
                    legacy.add(new LegacyCheck(run.id(), false, e.getMessage()));
                }
            }
        }
        return new CacheVerification(stores, legacy);
    }
}
