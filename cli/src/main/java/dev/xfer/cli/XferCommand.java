package dev.xfer.cli;

import dev.xfer.common.XferVersion;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xfer}: transfer learning on images, the fast way. */
@Command(name = "xfer", mixinStandardHelpOptions = true, versionProvider = XferCommand.Version.class,
        description = {"Transfer learning on images, the fast way: run a pretrained conv base once, cache its "
                + "features, then train and compare heads on the cache in seconds."},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage or bad input.",
                "Examples:", "  xfer backbone summary inception_v3",
                "  xfer backbone import --arch squeezenet --weights squeezenet_notop.h5 --name sq"})
public final class XferCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and more detail on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage, as for any other usage error. */
    @Override
    public Integer call() {
        return Usage.missingSubcommand(spec);
    }

    /** The subcommands, in the order help lists them. */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("backbone", BackboneCommand.class);
        m.put("extract", ExtractCommand.class);
        m.put("cache", CacheCommand.class);
        m.put("head", HeadCommand.class);
        m.put("doctor", DoctorCommand.class);
        m.put("similar", SimilarCommand.class);
        m.put("predict", PredictCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("finetune", FineTuneCommand.class);
        m.put("augment-preview", AugmentPreviewCommand.class);
        m.put("completion", CompletionCommand.class);
        return m;
    }

    /** The command line with every subcommand (help's command list, completion scripts, tests). */
    static CommandLine full() {
        CommandLine cli = new CommandLine(new XferCommand());
        SUBCOMMANDS.forEach(cli::addSubcommand);
        return HelpLayout.forTerminal(cli);
    }

    /**
     * A subcommand as the top-level help and "did you mean" need it: its name and summary, read from its
     * annotation, without picocli building its options (a quarter of a second for all of them).
     */
    static CommandLine.Model.CommandSpec summaryOnly(String name, Class<?> type) {
        Command c = type.getAnnotation(Command.class);
        CommandLine.Model.CommandSpec s = CommandLine.Model.CommandSpec.create().name(name);
        s.usageMessage().header(c.header()).description(c.description()).hidden(c.hidden());
        return s;
    }

    /** Runs one command line with the given streams and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new XferCommand());
        // picocli reads every command's annotations when it is added: add only the one asked for, so a command
        // starts without building the other twenty (the full set for top-level help and unknown names)
        String asked = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        if (asked != null && SUBCOMMANDS.containsKey(asked)) {
            cli.addSubcommand(asked, SUBCOMMANDS.get(asked));
        } else if (!versionOnly) {
            SUBCOMMANDS.forEach((name, type) -> cli.addSubcommand(name, summaryOnly(name, type)));
        }
        HelpLayout.forTerminal(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
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
            return new String[] {"xfer " + XferVersion.get(), "TensorFlow " + XferVersion.tensorflow()
                    + " (TensorFlow Java " + XferVersion.tensorflowJava() + ")", "Java " + Runtime.version()
                    + " (" + System.getProperty("java.vm.vendor") + ")"};
        }
    }
}
