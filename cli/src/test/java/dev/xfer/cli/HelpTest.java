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
        Cli bare = Cli.run();
        assertEquals(2, bare.code(), "no command is a usage error");
        assertEquals(full.toString(), bare.err(), "xfer with no arguments prints the same help, on stderr");
        assertEquals("", bare.out());
        Cli typo = Cli.run("extrct");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("extract"), "suggests the closest command: " + typo.err());
    }

    /** Every command that groups others (xfer backbone, cache, head) without one: its usage on stderr, exit 2. */
    @Test
    void aGroupWithoutItsSubcommandIsAUsageError() {
        List<String> groups = new ArrayList<>();
        for (List<String> path : commands()) {
            CommandLine c = full();
            for (String p : path) {
                c = c.getSubcommands().get(p);
            }
            if (!path.isEmpty() && !c.getSubcommands().isEmpty()) {
                groups.add(String.join(" ", path));
                Cli r = Cli.run(path.toArray(String[]::new));
                assertEquals(2, r.code(), path.toString());
                assertEquals("", r.out(), path.toString());
                assertTrue(r.err().contains("Usage: xfer " + String.join(" ", path) + " "), r.err());
                List<String> help = new ArrayList<>(path);
                help.add("--help");
                assertEquals(r.err(), Cli.run(help.toArray(String[]::new)).out(), "the same usage as --help");
            }
        }
        assertEquals(List.of("backbone", "cache", "head"), groups);
    }

    /** The launcher keeps a start-up cache only for these names: the build copies the list beside the jar. */
    @Test
    void theLaunchersCommandListIsTheCommands() throws Exception {
        List<String> listed = java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/main/launcher/commands.txt"));
        assertEquals(List.copyOf(XferCommand.SUBCOMMANDS.keySet()), listed);
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
