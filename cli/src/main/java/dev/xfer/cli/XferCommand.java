package dev.xfer.cli;

import dev.xfer.common.XferVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xfer}: transfer learning on images, the fast way. */
@Command(name = "xfer", mixinStandardHelpOptions = true, versionProvider = XferCommand.Version.class,
        description = {"Transfer learning on images, the fast way: run a pretrained conv base once, cache its",
                "features, then train and compare heads on the cache in seconds."},
        subcommands = {BackboneCommand.class, ExtractCommand.class, CacheCommand.class, HeadCommand.class,
                PredictCommand.class, FineTuneCommand.class, AugmentPreviewCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage or bad input.",
                "Examples:", "  xfer backbone summary inception_v3",
                "  xfer backbone import --arch squeezenet --weights squeezenet_notop.h5 --name sq"})
public final class XferCommand implements Runnable {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and more detail on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs one command line with the given streams and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new XferCommand());
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReport());
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"xfer " + XferVersion.get(), "Java " + Runtime.version()};
        }
    }
}
