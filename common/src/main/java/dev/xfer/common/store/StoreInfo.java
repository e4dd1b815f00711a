package dev.xfer.common.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.storage.Storage;
import java.io.IOException;

/**
 * {@code store.json}: what a feature store holds the features of. Written once by whichever writer creates the
 * store (create-if-absent, so concurrent first writers agree) and never changed.
 */
public record StoreInfo(@JsonProperty("format") int format, @JsonProperty("store") String store,
                        @JsonProperty("provenance") Provenance provenance, @JsonProperty("created") String created) {
    public static final String FILE = "store.json";
    public static final int FORMAT = 2;

    /** Creates {@code store.json} for {@code provenance} unless it exists; returns what is on disk. */
    static StoreInfo createOrRead(Storage store, String id, Provenance provenance) throws IOException {
        StoreInfo mine = new StoreInfo(FORMAT, id, provenance, provenance.created());
        if (!store.writeIfAbsent(FILE, Json.write(mine))) {
            return read(store);
        }
        return mine;
    }

    static StoreInfo read(Storage store) throws IOException {
        StoreInfo info = Json.read(store.read(FILE), StoreInfo.class, store.describe() + "/" + FILE);
        if (info.format() > FORMAT) {
            throw new BadInputException(store.describe() + ": written by a newer xfer (store format "
                    + info.format() + "); upgrade xfer to read it");
        }
        return info;
    }
}
