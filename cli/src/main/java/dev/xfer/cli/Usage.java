package dev.xfer.cli;

import picocli.CommandLine.Model.CommandSpec;

/** A command that groups others ({@code xfer}, {@code xfer head}, ...) called without one: a usage error. */
final class Usage {
    private Usage() {
    }

    /** Prints {@code spec}'s usage on stderr, as picocli does for other usage errors, and returns exit code 2. */
    static int missingSubcommand(CommandSpec spec) {
        var err = spec.commandLine().getErr();
        spec.commandLine().usage(err);
        err.flush();
        return XferCommand.BAD_INPUT;
    }
}
