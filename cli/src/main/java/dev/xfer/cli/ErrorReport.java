package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import picocli.CommandLine;

/**
 * Turns an exception into one line on stderr and an exit code: 2 for bad input (the message names the file
 * and what to do), 1 for anything else. The stack trace only with {@code --verbose}.
 */
final class ErrorReport implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.expandedArgs().contains("--verbose");
        var err = cmd.getErr();
        BadInputException bad = badInput(e);
        if (bad != null) {
            err.println("xfer: " + oneLine(bad.getMessage()));
        } else {
            err.println("xfer: failed: " + oneLine(String.valueOf(e.getMessage()))
                    + (verbose ? "" : " (run with --verbose for details)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return bad != null ? XferCommand.BAD_INPUT : XferCommand.FAILURE;
    }

    private static BadInputException badInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException b) {
                return b;
            }
        }
        return null;
    }

    private static String oneLine(String s) {
        return s.lines().findFirst().orElse("");
    }
}
