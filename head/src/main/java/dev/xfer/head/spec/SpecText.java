package dev.xfer.head.spec;

import dev.xfer.common.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reader of head spec strings, {@code TYPE[:ITEM,...]} or {@code TYPE[,ITEM,...]}: an ITEM is
 * {@code KEY=VALUE} with a key the type takes ({@code logreg:C=0.1}, {@code dense,dropout=0}), and for types
 * that take hidden layers a bare number is one more hidden width ({@code dense:256,128,dropout=0.3}).
 */
final class SpecText {
    private SpecText() {
    }

    static HeadSpec parse(String text, long seed, Map<String, String> fallback) {
        String t = text == null ? "" : text.strip();
        int cut = firstOf(t, ':', ',');
        HeadType type = HeadType.of(cut < 0 ? t : t.substring(0, cut).strip());
        Map<String, String> given = new LinkedHashMap<>();
        List<String> widths = new ArrayList<>();
        if (cut >= 0) {
            for (String item : t.substring(cut + 1).split(",", -1)) {
                String p = item.strip();
                int eq = p.indexOf('=');
                if (eq > 0) {
                    if (given.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip()) != null) {
                        throw new BadInputException("'" + t + "': " + p.substring(0, eq).strip() + " is given twice");
                    }
                } else if (!p.isEmpty() && p.chars().allMatch(Character::isDigit)
                        && HeadSpec.keys(type).contains("hidden")) {
                    widths.add(p);
                } else {
                    throw new BadInputException("'" + t + "': '" + p + "' is not KEY=VALUE"
                            + (HeadSpec.keys(type).contains("hidden") ? " or a hidden layer width" : "")
                            + "; a " + type.id() + " head takes " + describe(type));
                }
            }
        }
        if (!widths.isEmpty() && given.putIfAbsent("hidden", String.join(",", widths)) != null) {
            throw new BadInputException("'" + t + "': hidden widths are given twice");
        }
        SpecValues v = SpecValues.of(t, given, fallback);
        HeadSpec spec = read(type, seed, v);
        v.requireAllRead(type);
        return spec;
    }

    static HeadSpec of(HeadType type, long seed, Map<String, String> values) {
        SpecValues v = SpecValues.of(null, values, Map.of());
        HeadSpec spec = read(type, seed, v);
        v.requireAllRead(type);
        return spec;
    }

    /** Where each type's record reads its values (and so declares the keys it takes). */
    static HeadSpec read(HeadType type, long seed, SpecValues v) {
        return switch (type) {
            case LOGREG -> LogregSpec.read(seed, v);
            case SVM -> LinearSvmSpec.read(seed, v);
            case SVM_RBF -> RbfSvmSpec.read(seed, v);
            case RF -> ForestSpec.read(seed, v);
            case GBT -> BoostSpec.read(seed, v);
            case KNN -> KnnSpec.read(seed, v);
            case LDA -> new LdaSpec(seed);
            case DENSE -> DenseSpec.read(seed, v);
        };
    }

    private static String describe(HeadType type) {
        List<String> keys = HeadSpec.keys(type);
        return keys.isEmpty() ? "no hyperparameters" : String.join(", ", keys);
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
