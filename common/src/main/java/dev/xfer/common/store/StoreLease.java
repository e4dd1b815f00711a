package dev.xfer.common.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.xfer.common.BadInputException;
import dev.xfer.common.storage.Storage;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How writers and garbage collection keep out of each other's way without a file lock (object stores have
 * none): each announces itself with an object, {@code writers/ID.json} or {@code gc.json}, then looks for the
 * other kind; if it sees one that is alive it withdraws. Whichever announces second sees the first, so the two
 * never run at once; writers never exclude each other. A holder refreshes its object every minute; one whose
 * process is gone (same host) or that has not refreshed for {@link #STALE_AFTER} is dead and ignored.
 */
public final class StoreLease implements AutoCloseable {
    public static final Duration STALE_AFTER = Duration.ofMinutes(10);
    static final String WRITERS = "writers";
    static final String GC = "gc.json";
    private static final Duration HEARTBEAT = Duration.ofMinutes(1);

    /** What a lease object says. */
    public record Holder(@JsonProperty("id") String id, @JsonProperty("kind") String kind,
                         @JsonProperty("host") String host, @JsonProperty("pid") long pid,
                         @JsonProperty("started") String started, @JsonProperty("heartbeat") String heartbeat) {
        /** Alive: refreshed lately and, on this host, its process still runs. */
        public boolean alive(Instant now) {
            boolean recent = Duration.between(Instant.parse(heartbeat), now).compareTo(STALE_AFTER) < 0;
            boolean local = host.equals(HOST);
            return recent && (!local || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }

        Holder beat() {
            return new Holder(id, kind, host, pid, started, Instant.now().toString());
        }
    }

    private static final String HOST = hostName();

    private final Storage store;
    private final String name;
    private volatile Holder holder;
    private final ScheduledExecutorService heartbeat;

    private StoreLease(Storage store, String name, Holder holder) {
        this.store = store;
        this.name = name;
        this.holder = holder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xfer-lease");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::refresh, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Announces a writer on {@code store}. While garbage collection runs there, waits for it to finish, or with
     * {@code wait} false refuses at once.
     */
    public static StoreLease writer(Storage store, boolean wait) throws IOException {
        Holder me = holder("writer");
        String name = WRITERS + "/" + me.id() + ".json";
        while (true) {
            store.write(name, Storage.bytes(Json.write(me)));
            Holder gc = read(store, GC);
            if (gc == null || !gc.alive(Instant.now())) {
                return new StoreLease(store, name, me);
            }
            store.delete(name);
            if (!wait) {
                throw new BadInputException(store.describe() + " is being garbage-collected (" + gc.host() + " pid "
                        + gc.pid() + "): wait for it, or run without --no-wait to queue behind it");
            }
            sleep();
        }
    }

    /**
     * Announces garbage collection on {@code store}; null (and nothing left behind) if a writer or another gc is
     * alive there. Announcements of dead writers are removed.
     */
    public static StoreLease gc(Storage store) throws IOException {
        Holder other = read(store, GC);
        if (other != null && other.alive(Instant.now())) {
            return null;
        }
        Holder me = holder("gc");
        store.write(GC, Storage.bytes(Json.write(me)));
        List<String> dead = new ArrayList<>();
        for (Storage.Entry e : store.list(WRITERS)) {
            Holder w = read(store, WRITERS + "/" + e.name());
            if (w == null) {
                continue;
            }
            if (w.alive(Instant.now())) {
                store.delete(GC);
                return null;
            }
            dead.add(WRITERS + "/" + e.name());
        }
        for (String d : dead) {
            store.delete(d);
        }
        return new StoreLease(store, GC, me);
    }

    /** Writers alive on {@code store} now. */
    public static List<Holder> liveWriters(Storage store) throws IOException {
        List<Holder> out = new ArrayList<>();
        for (Storage.Entry e : store.list(WRITERS)) {
            Holder w = read(store, WRITERS + "/" + e.name());
            if (w != null && w.alive(Instant.now())) {
                out.add(w);
            }
        }
        return out;
    }

    public String id() {
        return holder.id();
    }

    private void refresh() {
        try {
            holder = holder.beat();
            store.write(name, Storage.bytes(Json.write(holder)));
        } catch (IOException | RuntimeException e) {
            // a missed beat only matters after STALE_AFTER; the next one tries again
        }
    }

    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        store.delete(name);
    }

    private static Holder holder(String kind) {
        String now = Instant.now().toString();
        String id = now.replaceAll("[^0-9]", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new Holder(id, kind, HOST, ProcessHandle.current().pid(), now, now);
    }

    private static Holder read(Storage store, String name) throws IOException {
        if (!store.exists(name)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(store.read(name), Holder.class);
        } catch (java.nio.file.NoSuchFileException gone) {
            return null;
        } catch (IOException torn) {
            // an object store may show a lease being replaced; treat it as alive until it reads whole
            return new Holder("unknown", "unknown", "unknown", -1, Instant.now().toString(), Instant.now().toString());
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for garbage collection to finish", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
