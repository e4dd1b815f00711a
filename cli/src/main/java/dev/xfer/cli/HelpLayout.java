package dev.xfer.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every help text is laid out: as wide as the terminal (COLUMNS, else the terminal picocli detects, else 80
 * columns); prose broken at spaces only (picocli's own wrap also breaks after '.', ',' and '-', and mid-word when
 * a line ends exactly at the edge, which split {@code http://127.0.0.1:} from {@code 8080/v1/predict}); example
 * lines (footer lines that start with a space: commands, URLs) printed as written, so they can be pasted. A long
 * example runs past a narrow screen rather than breaking in two.
 */
final class HelpLayout {
    /** Without a terminal (help piped to a file or a pager): picocli's default. */
    static final int FALLBACK_WIDTH = 80;
    /** picocli's narrowest layout. */
    static final int MIN_WIDTH = 55;

    private HelpLayout() {
    }

    /** Lays out {@code cli} and every subcommand added so far for the terminal's width. */
    static CommandLine forTerminal(CommandLine cli) {
        Integer columns = columns(System.getenv("COLUMNS"));
        return columns != null ? withWidth(cli, columns) : install(cli.setUsageHelpAutoWidth(true));
    }

    /** Lays out {@code cli} and its subcommands at {@code width} columns, whatever the terminal (tests). */
    static CommandLine withWidth(CommandLine cli, int width) {
        cli.setUsageHelpAutoWidth(false);
        return install(cli.setUsageHelpWidth(Math.max(MIN_WIDTH, width)));
    }

    /** A usable COLUMNS value, or null. */
    static Integer columns(String value) {
        if (value == null || !value.matches("\\d{2,4}")) {
            return null;
        }
        int n = Integer.parseInt(value);
        return n >= MIN_WIDTH ? n : null;
    }

    private static CommandLine install(CommandLine cli) {
        cli.setHelpFactory(SpaceWrappedHelp::new);
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, h -> prose(h,
                h.commandSpec().usageMessage().description()));
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, h -> prose(h,
                h.commandSpec().usageMessage().footer()));
        cli.getSubcommands().values().forEach(HelpLayout::install);
        return cli;
    }

    /** Lines of prose wrapped at spaces to the width; lines that start with a space (examples) verbatim. */
    private static String prose(Help help, String[] lines) {
        int width = help.commandSpec().usageMessage().width();
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            String text = help.colorScheme().ansi().string(String.format(Locale.ROOT, line));
            List<String> wrapped = line.startsWith(" ") ? List.of(text) : wrap(text, width);
            wrapped.forEach(l -> out.append(l).append(System.lineSeparator()));
        }
        return out.toString();
    }

    /**
     * Greedy wrap at spaces. A word wider than {@code width} (a long spec or path in a narrow column) is broken
     * after a ',', '|', '/' or '.' only; a piece that still does not fit keeps a line of its own.
     */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +", -1)) {
            List<String> pieces = word.length() <= width ? List.of(word) : pieces(word, width);
            for (int i = 0; i < pieces.size(); i++) {
                String p = pieces.get(i);
                boolean joined = i > 0; // a piece of the word before: no space between them
                int needed = line.isEmpty() ? p.length() : line.length() + (joined ? 0 : 1) + p.length();
                if (!line.isEmpty() && needed > width) {
                    out.add(line.toString());
                    line.setLength(0);
                } else if (!line.isEmpty() && !joined) {
                    line.append(' ');
                }
                line.append(p);
            }
        }
        out.add(line.toString());
        return out;
    }

    /** {@code word} in pieces that end after ',', '|', '/' or '.', greedily joined up to {@code width}. */
    private static List<String> pieces(String word, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (String s : word.split("(?<=[,|/.])")) {
            if (!piece.isEmpty() && piece.length() + s.length() > width) {
                out.add(piece.toString());
                piece.setLength(0);
            }
            piece.append(s);
        }
        out.add(piece.toString());
        return out;
    }

    /** picocli's help with an option table whose descriptions are wrapped at spaces ({@link #wrap}). */
    private static final class SpaceWrappedHelp extends Help {
        SpaceWrappedHelp(CommandSpec spec, ColorScheme scheme) {
            super(spec, scheme);
        }

        @Override
        public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
                                          ColorScheme scheme) {
            Layout layout = super.createDefaultLayout(options, positionals, scheme);
            return new Layout(scheme, layout.textTable(), createDefaultOptionRenderer(),
                    createDefaultParameterRenderer()) {
                @Override
                public void layout(ArgSpec arg, Text[][] rows) {
                    Help.Column[] cols = textTable().columns();
                    Help.Column last = cols[cols.length - 1];
                    int room = last.width - last.indent;
                    for (Text[] row : rows) {
                        Text description = row[row.length - 1];
                        if (description == null || description.plainString().length() <= room) {
                            textTable().addRowValues(row);
                            continue;
                        }
                        List<String> lines = wrap(description.plainString(), room);
                        for (int i = 0; i < lines.size(); i++) {
                            Text[] r = i == 0 ? row.clone() : blank(row.length, scheme);
                            r[r.length - 1] = scheme.text(lines.get(i));
                            textTable().addRowValues(r);
                        }
                    }
                }
            };
        }

        private static Text[] blank(int n, ColorScheme scheme) {
            Text[] r = new Text[n];
            Arrays.fill(r, scheme.text(""));
            return r;
        }
    }
}
