package dev.xfer.head.spec;

import dev.xfer.common.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A hyperparameter grid: head specs whose values may list alternatives, expanded into the cartesian product of
 * single specs. Grammar (what {@code head compare --heads} and each line of a {@code --grid} file hold):
 *
 * <pre>
 * grid   = entry { sep entry }
 * sep    = ";"  |  ","  when the text after it starts with a head type name followed by ":", "," or ";" or the end
 * entry  = TYPE [ (":" | ",") item { "," item } ]
 * item   = alt { "|" alt }          (e.g. C=0.01|0.1|1, or dense's bare width 128|256)
 * </pre>
 *
 * So {@code logreg:C=0.01|0.1|1,svm-rbf:C=1|10} is two entries and five specs ({@code logreg:C=0.01}, ...,
 * {@code svm-rbf:C=10}); {@code logreg,svm,rf} is three. Commas inside an entry separate its parameters, since
 * no parameter starts with a head type's name. Only the alternatives are read here: each expanded spec is left
 * to the one-spec parser, which knows each type's keys and validates their values.
 */
public record SpecGrid(List<String> specs) {
    /** More specs than this is a typo (an extra value multiplies every other list), not a search to run. */
    public static final int MAX_SPECS = 500;

    private static final Pattern ENTRY_START = Pattern.compile(",(?=\\s*(" + String.join("|",
            HeadType.ids().stream().map(Pattern::quote).toList()) + ")\\s*(:|,|;|$))");

    public SpecGrid {
        specs = List.copyOf(specs);
    }

    /** Reads {@code text}; {@code where} names it in errors ({@code --heads}, or a grid file and line). */
    public static SpecGrid parse(String text, String where) {
        List<String> out = new ArrayList<>();
        for (String entry : entries(text, where)) {
            expand(entry, where, out);
        }
        return checked(out, where);
    }

    /**
     * A grid file: one grid per line (usually one entry, e.g. {@code svm-rbf:C=1|10}); blank lines and lines
     * starting with {@code #} are skipped.
     */
    public static SpecGrid ofLines(List<String> lines, String file) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                out.addAll(parse(line, file + " line " + (i + 1)).specs());
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ": no head specs in it; write one per line, e.g. logreg:C=0.1|1");
        }
        return checked(out, file);
    }

    /** Both grids' specs, in order. */
    public SpecGrid and(SpecGrid other) {
        List<String> all = new ArrayList<>(specs);
        all.addAll(other.specs);
        return checked(all, "the grid");
    }

    /** Each spec read by {@code parser} (the one-spec parser), in order. */
    public List<HeadSpec> parsed(Function<String, HeadSpec> parser) {
        return specs.stream().map(parser).toList();
    }

    private static List<String> entries(String text, String where) {
        if (text == null || text.isBlank()) {
            throw new BadInputException(where + ": no head given; e.g. logreg,svm or logreg:C=0.1|1");
        }
        List<String> entries = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            for (String entry : ENTRY_START.split(part, -1)) {
                if (entry.isBlank()) {
                    throw new BadInputException(where + " '" + text + "': an empty entry; separate heads with one "
                            + "',' or ';', e.g. logreg:C=0.1|1,svm");
                }
                entries.add(entry.strip());
            }
        }
        return entries;
    }

    private static void expand(String entry, String where, List<String> out) {
        String[] typeRest = entry.split("[:,]", 2);
        String type = typeRest[0].strip();
        if (!HeadType.ids().contains(type)) {
            String hint = type.contains("=") ? ": parameters follow the type after a colon, e.g. logreg:C=0.01|0.1"
                    : ": use one of " + String.join(", ", HeadType.ids());
            throw new BadInputException(where + " '" + entry + "': unknown head '" + type + "'" + hint);
        }
        List<String> done = new ArrayList<>(List.of(type));
        if (typeRest.length == 1) {
            out.addAll(done);
            return;
        }
        boolean first = true;
        for (String item : typeRest[1].split(",", -1)) {
            String it = item.strip();
            String[] alts = alternatives(it, entry, where);
            List<String> next = new ArrayList<>();
            for (String d : done) {
                for (String a : alts) {
                    next.add(d + (first ? ":" : ",") + a);
                }
            }
            done = next;
            first = false;
            if (done.size() > MAX_SPECS) {
                throw new BadInputException(where + " '" + entry + "': more than " + MAX_SPECS + " combinations; "
                        + "list fewer values");
            }
        }
        out.addAll(done);
    }

    /** {@code C=0.01|0.1} as {@code C=0.01} and {@code C=0.1}; a bare {@code 128|256} as both widths. */
    private static String[] alternatives(String item, String entry, String where) {
        if (item.isEmpty()) {
            throw new BadInputException(where + " '" + entry + "': an empty parameter; write TYPE:K=V,K2=W1|W2");
        }
        int eq = item.indexOf('=');
        String key = eq < 0 ? "" : item.substring(0, eq + 1);
        String[] values = item.substring(key.length()).split("\\|", -1);
        String[] alts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            String v = values[i].strip();
            if (v.isEmpty() || v.contains("=") || key.strip().equals("=")) {
                throw new BadInputException(where + " '" + entry + "': '" + item + "' is not K=V or K=V1|V2|...");
            }
            alts[i] = key.strip() + v;
        }
        return alts;
    }

    private static SpecGrid checked(List<String> specs, String where) {
        List<String> seen = new ArrayList<>();
        for (String s : specs) {
            if (seen.contains(s)) {
                throw new BadInputException(where + ": " + s + " is listed twice; list each configuration once");
            }
            seen.add(s);
        }
        if (specs.size() > MAX_SPECS) {
            throw new BadInputException(where + ": " + specs.size() + " combinations, more than " + MAX_SPECS
                    + "; list fewer values");
        }
        return new SpecGrid(specs);
    }
}
