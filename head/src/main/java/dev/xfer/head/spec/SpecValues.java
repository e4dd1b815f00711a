package dev.xfer.head.spec;

import dev.xfer.common.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The values one head spec was given, read by its record: each record asks for the keys it takes (with its
 * default), so what a type accepts is written once, in the record's {@code read}. Two layers: the values given to
 * this spec, every one of which must be asked for, and fallbacks (a command's flags) used only where the type
 * asks. Keys match without leading dashes, case or the difference between '-' and '_' ({@code --batch-size} is
 * {@code batch_size}); messages name them as they were spelled.
 */
final class SpecValues {
    private final String where;
    private final Map<String, Given> given;
    private final Map<String, Given> fallback;
    private final Set<String> asked = new LinkedHashSet<>();

    private record Given(String spelled, String value) {
    }

    private SpecValues(String where, Map<String, String> given, Map<String, String> fallback) {
        this.where = where;
        this.given = normalise(given);
        this.fallback = normalise(fallback);
    }

    /** Nothing given: every key takes its default. */
    static SpecValues none() {
        return new SpecValues(null, Map.of(), Map.of());
    }

    /** {@code given}, every key of which must apply; {@code where} is the spec text for messages (or null). */
    static SpecValues of(String where, Map<String, String> given, Map<String, String> fallback) {
        return new SpecValues(where, given, fallback);
    }

    /** How a key is matched: {@code --batch-size}, {@code batch_size} and {@code Batch-Size} are one key. */
    static String key(String name) {
        String k = name.strip();
        while (k.startsWith("-")) {
            k = k.substring(1);
        }
        return k.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    private static Map<String, Given> normalise(Map<String, String> m) {
        Map<String, Given> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (out.put(key(k), new Given(k, v)) != null) {
                throw new BadInputException(k + " is given twice");
            }
        });
        return out;
    }

    double real(String key, double dflt) {
        Given g = lookup(key);
        if (g == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(g.value().strip());
        } catch (NumberFormatException e) {
            throw bad(g, "not a number");
        }
    }

    int whole(String key, int dflt) {
        Given g = lookup(key);
        if (g == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(g.value().strip());
        } catch (NumberFormatException e) {
            throw bad(g, "not a whole number");
        }
    }

    boolean flag(String key, boolean dflt) {
        Given g = lookup(key);
        if (g == null) {
            return dflt;
        }
        return switch (g.value().strip().toLowerCase(Locale.ROOT)) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw bad(g, "use true or false");
        };
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E dflt) {
        Given g = lookup(key);
        if (g == null) {
            return dflt;
        }
        try {
            return Enum.valueOf(type, g.value().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw bad(g, "use " + String.join(", ", names));
        }
    }

    /** Layer widths, comma-separated ({@code 256,128}); empty for none. */
    int[] widths(String key, int[] dflt) {
        Given g = lookup(key);
        if (g == null) {
            return dflt;
        }
        String v = g.value().strip();
        if (v.isEmpty() || v.equals("none")) {
            return new int[0];
        }
        try {
            return java.util.Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        } catch (NumberFormatException e) {
            throw bad(g, "not a list of widths such as 256,128");
        }
    }

    private Given lookup(String key) {
        String k = key(key);
        asked.add(key);
        Given g = given.get(k);
        return g != null ? g : fallback.get(k);
    }

    /** The keys the reading record asked for, in its order and spelling ({@code C}, {@code batch_size}). */
    List<String> asked() {
        return List.copyOf(asked);
    }

    /** Refuses every given value the {@code type}'s record did not ask for, naming them and what it takes. */
    void requireAllRead(HeadType type) {
        Set<String> known = new LinkedHashSet<>();
        asked.forEach(a -> known.add(key(a)));
        List<String> unused = given.entrySet().stream().filter(e -> !known.contains(e.getKey()))
                .map(e -> e.getValue().spelled()).toList();
        if (unused.isEmpty()) {
            return;
        }
        boolean flags = unused.getFirst().startsWith("-");
        List<String> takes = asked.stream().map(a -> flags ? "--" + a.replace('_', '-') : a).toList();
        String verb = unused.size() == 1 ? " does" : " do";
        throw new BadInputException((where != null ? "'" + where + "': " : "") + String.join(", ", unused) + verb
                + " not apply to a " + type.id() + " head (" + (takes.isEmpty() ? "it takes no hyperparameters"
                : "it takes " + String.join(", ", takes)) + ")");
    }

    private BadInputException bad(Given g, String why) {
        String what = g.spelled().startsWith("-") ? g.spelled() + " " + g.value() : g.spelled() + "=" + g.value();
        return new BadInputException((where != null ? "'" + where + "': " : "") + what + ": " + why);
    }
}
