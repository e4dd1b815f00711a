package dev.xfer.extract.pipeline;

import dev.xfer.common.store.StoreWriter;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How far a running extraction is, for a process stopped before it ends (Ctrl-C): how many of the dataset's rows
 * the store holds durably, and the writer's announcement ({@code writers/ID.json}) to withdraw, which the stopped
 * process would otherwise leave behind. The pipeline fills it in as it goes; the command line reads it from a
 * shutdown hook, on another thread, and what it reports is exactly what the store holds: once it asks, no further
 * shard is written.
 */
public final class ExtractionState {
    /** Rows of the dataset whose features are in the store, of all its rows ({@code of} -1: not known yet). */
    public record Kept(int rows, int of) {
    }

    private volatile StoreWriter writer;
    private volatile int rows = -1;
    private final AtomicInteger kept = new AtomicInteger();
    private volatile boolean finished;
    private final ReentrantLock writing = new ReentrantLock();

    /** The store is open for writing; {@code already} of the dataset's {@code rows} are in it. */
    void opened(StoreWriter w, int rows, int already) {
        kept.set(already);
        this.rows = rows;
        this.writer = w;
    }

    /** Writes a shard holding {@code n} of the dataset's rows; none once the process is being stopped. */
    void store(ShardWrite write, int n) throws IOException {
        writing.lock();
        try {
            write.run();
            kept.addAndGet(n);
        } finally {
            writing.unlock();
        }
    }

    /** Writes one shard. */
    interface ShardWrite {
        void run() throws IOException;
    }

    /** The run ended (its snapshot is published, or it failed and its writer closed itself). */
    void finished() {
        finished = true;
    }

    /**
     * For a process that is being stopped: withdraws the writer's announcement and says what is kept, or null
     * when the run already ended. The caller ends the process: the run writes no further shard.
     */
    public Kept abandon() {
        if (finished) {
            return null;
        }
        // held until the process ends: a shard being written is finished and counted, and no other one starts
        writing.lock();
        StoreWriter w = writer;
        if (w == null) {
            return new Kept(0, -1); // still hashing: the store is not open
        }
        try {
            w.close();
        } catch (IOException | RuntimeException e) {
            // garbage collection sees through a dead writer's announcement anyway; it only waits longer
        }
        return new Kept(kept.get(), rows);
    }
}
