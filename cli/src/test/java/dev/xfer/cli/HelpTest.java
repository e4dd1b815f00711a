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

    /** Spellings that were renamed: help shows only today's. */
    private static final java.util.regex.Pattern OLD_SPELLINGS = java.util.regex.Pattern.compile(
            "--head (logreg|svm|svm-rbf|rf|knn|lda|gbt|dense|TYPE)\\b|--augment-spec|--augment (\\d|K\\b)");
    private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("https?://\\S+");

    private static String usage(CommandLine root, List<String> path, int width) {
        HelpLayout.withWidth(root, width);
        CommandLine c = root;
        for (String p : path) {
            c = c.getSubcommands().get(p);
        }
        java.io.StringWriter w = new java.io.StringWriter();
        c.usage(new java.io.PrintWriter(w), CommandLine.Help.Ansi.OFF);
        return w.toString();
    }

    private static java.util.Set<String> words(String text) {
        return new java.util.HashSet<>(List.of(text.trim().split("\\s+")));
    }

    /**
     * The words of {@code text}, and the pieces a column narrower than a word may break it into (after , | / or .):
     * only words longer than {@code longer} characters.
     */
    private static java.util.Set<String> wordsAndPieces(String text, int longer) {
        java.util.Set<String> out = words(text);
        for (String w : words(text)) {
            if (w.length() <= longer) {
                continue;
            }
            String[] seg = w.split("(?<=[,|/.])");
            for (int i = 0; i < seg.length; i++) {
                StringBuilder run = new StringBuilder();
                for (int j = i; j < seg.length; j++) {
                    out.add(run.append(seg[j]).toString());
                }
            }
        }
        return out;
    }

    /** The usage lines of a command (picocli wraps them between options), left out of the word check. */
    private static String withoutSynopsis(String help) {
        StringBuilder out = new StringBuilder();
        boolean synopsis = false;
        for (String l : help.lines().toList()) {
            synopsis = l.startsWith("Usage: ") || synopsis && l.startsWith("  ") && l.trim().startsWith("[")
                    || synopsis && l.matches(" {6,}\\S.*") && !l.trim().startsWith("-");
            if (!synopsis) {
                out.append(l).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Every help at 60 and 120 columns: each example line (a footer line indented by spaces) on one line as written,
     * each URL whole, no word broken in two (every word is one of the unwrapped help's), no old spelling.
     */
    @Test
    void helpWrapsToTheWidthButNeverBreaksAnExampleAURLOrAWord() {
        List<String> problems = new ArrayList<>();
        CommandLine root = full();
        for (List<String> path : commands()) {
            String name = "xfer " + String.join(" ", path);
            String wide = usage(root, path, 2000);
            java.util.regex.Matcher old = OLD_SPELLINGS.matcher(wide);
            while (old.find()) {
                problems.add(name + " --help mentions the old spelling '" + old.group() + "'");
            }
            CommandSpec spec = root.getCommandSpec();
            for (String p : path) {
                spec = spec.subcommands().get(p).getCommandSpec();
            }
            List<String> examples = java.util.Arrays.stream(spec.usageMessage().footer())
                    .filter(l -> l.startsWith(" ")).toList();
            List<String> urls = URL.matcher(wide).results().map(java.util.regex.MatchResult::group).toList();
            for (int width : new int[] {60, 120}) {
                String narrow = usage(root, path, width);
                List<String> lines = narrow.lines().toList();
                for (String e : examples) {
                    if (!lines.contains(e)) {
                        problems.add(name + " --help at " + width + " columns breaks the example '" + e + "'");
                    }
                }
                for (String u : urls) {
                    if (lines.stream().noneMatch(l -> l.contains(u))) {
                        problems.add(name + " --help at " + width + " columns breaks the URL " + u);
                    }
                }
                // the description column is the width less the options' (about 30 columns)
                java.util.Set<String> known = wordsAndPieces(wide, width - 40);
                for (String w : words(withoutSynopsis(narrow))) {
                    if (!known.contains(w)) {
                        problems.add(name + " --help at " + width + " columns breaks a word: '" + w + "'");
                    }
                }
                if (width == 120 && wide.lines().anyMatch(l -> l.length() > 120 && !examples.contains(l))
                        && lines.stream().noneMatch(l -> l.length() > 80 && !examples.contains(l))) {
                    problems.add(name + " --help at 120 columns never uses more than 80 of them");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void helpTakesTheWidthFromColumnsAndFallsBackWithoutATerminal() {
        assertEquals(100, HelpLayout.columns("100"));
        assertEquals(null, HelpLayout.columns("20"), "narrower than picocli's layout");
        assertEquals(null, HelpLayout.columns("wide"));
        assertEquals(null, HelpLayout.columns(null));
        // tests run without a terminal: picocli's detection finds none and help is 80 wide (or COLUMNS if set)
        Integer columns = HelpLayout.columns(System.getenv("COLUMNS"));
        assertEquals(columns != null ? columns : HelpLayout.FALLBACK_WIDTH, HelpLayout.forTerminal(new CommandLine(new XferCommand()))
                .getCommandSpec().usageMessage().width());
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
