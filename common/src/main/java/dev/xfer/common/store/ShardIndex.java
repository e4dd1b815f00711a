package dev.xfer.common.store;

import dev.xfer.common.BadInputException;
import dev.xfer.common.storage.Storage;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Where each key of a feature store lives: read from the footers of every shard (never their features), in
 * shard-name order, the first shard holding a key winning. A key may be in two shards when two writers extracted
 * the same image at once; either copy will do. Shards that cannot be read are skipped, so
 * their rows count as missing and are extracted again.
 */
public final class ShardIndex {
    /** Row {@code row} of shard {@code shard}. */
    public record Location(String shard, int row) {
    }

    private final Map<String, Location> byKey = new HashMap<>();
    private final Map<String, List<String>> keysByShard = new LinkedHashMap<>();
    private final Map<String, Long> bytes = new HashMap<>();

    private ShardIndex() {
    }

    public static ShardIndex scan(Storage store, BufferAllocator allocator) throws IOException {
        ShardIndex index = new ShardIndex();
        for (Storage.Entry e : store.list(ShardFile.DIR)) {
            if (e.directory() || !e.name().endsWith(ShardFile.SUFFIX)) {
                continue;
            }
            try {
                index.add(e.name(), ShardFile.keys(store, e.name(), allocator), e.size());
            } catch (BadInputException damaged) {
                // skipped: `xfer cache verify` names it
            }
        }
        return index;
    }

    /** Records a shard (one just written, or one found on disk). */
    void add(String shard, List<String> keys, long size) {
        keysByShard.put(shard, List.copyOf(keys));
        bytes.put(shard, size);
        for (int i = 0; i < keys.size(); i++) {
            byKey.putIfAbsent(keys.get(i), new Location(shard, i));
        }
    }

    public boolean contains(String key) {
        return byKey.containsKey(key);
    }

    /** Where {@code key}'s features are, or null. */
    public Location locate(String key) {
        return byKey.get(key);
    }

    /** Readable shards in name order, with their keys in row order. */
    public Map<String, List<String>> shards() {
        return Collections.unmodifiableMap(keysByShard);
    }

    public long bytes(String shard) {
        return bytes.getOrDefault(shard, 0L);
    }

    public long totalBytes() {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Distinct keys. */
    public int keys() {
        return byKey.size();
    }
}
