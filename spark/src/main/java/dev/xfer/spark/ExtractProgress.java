package dev.xfer.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Progress of the extraction stage on the driver, printed to stderr as lines {@code xfer-progress PHASE DONE
 * TOTAL} (which {@code xfer extract --spark} turns into its progress bar). Images done inside running tasks come
 * with the executors' heartbeats, so the count moves during long partitions too.
 */
final class ExtractProgress extends SparkListener implements AutoCloseable {
    static final String PREFIX = "xfer-progress ";

    private final LongAccumulator done;
    private final Map<Long, Long> running = new ConcurrentHashMap<>();
    private final PrintStream out;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xfer-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile long total;
    private volatile String phase = "listing";

    ExtractProgress(LongAccumulator done, PrintStream out) {
        this.done = done;
        this.out = out;
        ticker.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
    }

    void phase(String name, long totalWork) {
        phase = name;
        total = totalWork;
        print();
    }

    long done() {
        long inFlight = running.values().stream().mapToLong(Long::longValue).sum();
        return Math.min(total, done.value() + inFlight);
    }

    synchronized void print() {
        out.println(String.format(Locale.ROOT, "%s%s %d %d", PREFIX, phase, phase.equals("extracting") ? done() : 0,
                total));
        out.flush();
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t
                : CollectionConverters.asJava(update.accumUpdates())) {
            for (AccumulableInfo a : CollectionConverters.asJava(t._4())) {
                if (a.id() == done.id() && a.update().isDefined()) {
                    running.put((Long) t._1(), ((Number) a.update().get()).longValue());
                }
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        running.remove(end.taskInfo().taskId());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        print();
    }
}
