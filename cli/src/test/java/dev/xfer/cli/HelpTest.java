package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command XferCommand registers (whatever they are now): help without picocli warnings, a one-sentence
 * summary that fits the command list, one meaning per flag across commands, completion and version.
 */
class HelpTest {
    /** The command list indents names by 2 and pads them to 17 columns (+2 spaces) of an 80-column screen. */
    private static final int SUMMARY_WIDTH = 80 - 2 - 17 - 2;

    private static CommandLine full() {
        return XferCommand.full();
    }

    private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(path);
        c.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // aliases list the same command again
                List<String> p = new ArrayList<>(path);
                p.add(name);
                walk(sub, p, out);
            }
        });
    }

    private static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(full(), List.of(), all);
        return all;
    }

    @Test
    void topLevelHelpFromSummariesIsTheFullModelsHelp() {
        java.io.StringWriter full = new java.io.StringWriter();
        full().usage(new java.io.PrintWriter(full));
        assertEquals(full.toString(), Cli.run("--help").out());
        assertEquals(full.toString(), Cli.run().out(), "xfer with no arguments prints the same help");
        Cli typo = Cli.run("extrct");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("extract"), "suggests the closest command: " + typo.err());
    }

    @Test
    void everyCommandsHelpHasNoWarningAndASummarySentenceThatFits() {
        List<String> problems = new ArrayList<>();
        PrintStream stderr = System.err;
        for (List<String> path : commands()) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            ByteArrayOutputStream traced = new ByteArrayOutputStream();
            Cli r;
            System.setErr(new PrintStream(traced, true, StandardCharsets.UTF_8));
            try {
                r = Cli.run(args.toArray(String[]::new));
            } finally {
                System.setErr(stderr);
            }
            String all = r.out() + r.err() + traced.toString(StandardCharsets.UTF_8);
            String name = "xfer " + String.join(" ", path);
            if (r.code() != 0 || all.contains("WARN") || r.out().isBlank()) {
                problems.add(name + " --help: exit " + r.code() + "\n" + all);
            }
            if (path.isEmpty()) {
                continue;
            }
            CommandSpec spec = full().getCommandSpec();
            for (String p : path) {
                spec = spec.subcommands().get(p).getCommandSpec();
            }
            String[] header = spec.usageMessage().header();
            String summary = header.length > 0 ? header[0] : spec.usageMessage().description()[0];
            if (!summary.endsWith(".") || summary.length() > SUMMARY_WIDTH || summary.indexOf(". ") > 0) {
                problems.add(name + ": summary '" + summary + "' is not one sentence of at most " + SUMMARY_WIDTH
                        + " characters ending with a full stop");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aFlagMeansOneThingOnEveryCommand() {
        Map<String, Map<String, String>> kinds = new TreeMap<>(); // flag -> kind -> the commands that use it so
        for (List<String> path : commands()) {
            CommandSpec spec = full().getCommandSpec();
            for (String p : path) {
                spec = spec.subcommands().get(p).getCommandSpec();
            }
            for (OptionSpec o : spec.options()) {
                if (o.hidden() || o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                String kind = o.typeInfo().getClassName().replace("java.lang.", "").replace("java.nio.file.", "")
                        .replaceAll("^(int|Integer|long|Long)$", "integer").replaceAll("^(double|Double)$", "number")
                        .replaceAll("^(boolean|Boolean)$", "switch") + " " + o.paramLabel();
                for (String n : o.names()) {
                    kinds.computeIfAbsent(n, k -> new TreeMap<>()).merge(kind, String.join(" ", path),
                            (a, b) -> a + ", " + b);
                }
            }
        }
        List<String> clashes = new ArrayList<>();
        kinds.forEach((flag, k) -> {
            if (k.keySet().stream().map(s -> s.split(" ")[0]).distinct().count() > 1) {
                clashes.add(flag + ": " + k);
            }
        });
        assertTrue(clashes.isEmpty(), String.join("\n", clashes));
    }

    @Test
    void completionScriptsAndVersion() {
        Cli bash = Cli.run("completion", "bash");
        assertEquals(0, bash.code(), bash.err());
        assertTrue(bash.out().contains("complete -F") && bash.out().contains("serve"), bash.out());
        Cli zsh = Cli.run("completion", "zsh");
        assertEquals(0, zsh.code(), zsh.err());
        assertTrue(zsh.out().contains("bashcompinit"), zsh.out());
        assertEquals(2, Cli.run("completion", "fish").code());
        Cli v = Cli.run("--version");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().matches("(?s)xfer \\S+\\R.*TensorFlow \\d+\\.\\d+.*\\RJava 25.*"), v.out());
    }
}
