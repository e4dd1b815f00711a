package dev.xfer.cli;

import dev.xfer.common.Progress;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --json}, the same on every command that runs long work and reports a result. */
final class OutputOptions {
    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Option(names = "--json", description = "Print the result as JSON, for scripts (no progress bars).")
    boolean json;

    /** The progress bar on {@code err}, or silence under --quiet or --json. */
    Progress progress(PrintWriter err) {
        return TerminalProgress.forOutput(err, quiet || json);
    }
}
