package dev.xfer.cli;

import dev.xfer.common.Progress;
import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar with images/s and ETA on stderr (the progressbar library draws it). */
final class TerminalProgress implements Progress {
    private final PrintWriter err;
    private volatile ProgressBar bar;
    private volatile boolean stopped;

    TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    /** The bar, or silence when output is for scripts. */
    static Progress forOutput(PrintWriter err, boolean quiet) {
        return quiet ? Progress.SILENT : new TerminalProgress(err);
    }

    @Override
    public void start(String task, long total) {
        finish();
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit(task), 1).showSpeed().setUpdateIntervalMillis(500)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    if (!stopped) {
                        err.print('\r' + line);
                        err.flush();
                    }
                }, 100)).build();
    }

    /** Extraction counts images; head training counts epochs; cross-validation counts fits. */
    private static String unit(String task) {
        return task.startsWith("cross") ? " fits" : task.startsWith("dense") ? " epochs" : " img";
    }

    @Override
    public void advance(long n) {
        ProgressBar b = bar;
        if (b != null) {
            b.stepBy(n);
        }
    }

    /** The process is being stopped (another thread): the bar draws no more, and what follows starts a line. */
    void interrupt() {
        stopped = true;
        if (bar != null) {
            err.println();
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            err.println();
            err.flush();
            bar = null;
        }
    }
}
