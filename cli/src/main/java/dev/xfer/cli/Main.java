package dev.xfer.cli;

import java.io.PrintWriter;

/** Process entry point: all the work is in {@link XferCommand#run}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(XferCommand.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }
}
