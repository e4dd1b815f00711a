package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.head.spec.DenseSpec;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.spec.HeadType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One head spec as text, {@code TYPE[:K=V,...]} (dense also takes bare hidden widths, {@code dense:256,128}),
 * read over the command's flags: a value in the text wins over the flag, the rest come from the flags. The keys
 * are head.json's ({@code C}, {@code trees}, {@code k}, {@code lr}, {@code batch_size}, ...), so a leaderboard
 * row's spec can be typed back. The typed spec records validate every value.
 */
final class HeadSpecText {
    private HeadSpecText() {
    }

    static HeadSpec parse(String text, HeadOptions flags) {
        String[] typeRest = text.strip().split("[:,]", 2);
        HeadType type = HeadType.of(typeRest[0].strip());
        if (typeRest.length == 1) {
            return flags.spec(type.id());
        }
        Set<String> keys = new java.util.LinkedHashSet<>(HeadSpec.defaults(type, 0).hyperparameters().keySet());
        if (type == HeadType.DENSE) {
            keys.addAll(List.of("momentum", "nesterov")); // listed in head.json only for sgd and rmsprop
        }
        HeadOptions o = copy(flags);
        List<Integer> widths = new ArrayList<>();
        for (String item : typeRest[1].split(",")) {
            String it = item.strip();
            int eq = it.indexOf('=');
            String key = eq < 0 ? "" : it.substring(0, eq).strip();
            String value = eq < 0 ? it : it.substring(eq + 1).strip();
            try {
                if (eq < 0 && type == HeadType.DENSE) {
                    widths.add(Integer.parseInt(value));
                    continue;
                }
                if (!keys.contains(key)) {
                    throw new BadInputException("'" + text + "': " + type + " has no parameter '" + (eq < 0 ? it : key)
                            + "'" + (keys.isEmpty() ? " (it takes none)" : "; it takes " + String.join(", ", keys)));
                }
                set(o, key, value);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("'" + text + "': " + key + "=" + value + " is not a valid value", e);
            }
        }
        if (!widths.isEmpty()) {
            o.hidden = widths.stream().mapToInt(Integer::intValue).toArray();
        }
        return o.spec(type.id());
    }

    private static void set(HeadOptions o, String key, String v) {
        switch (key) {
            case "C" -> o.c = Double.parseDouble(v);
            case "trees" -> o.trees = Integer.parseInt(v);
            case "k" -> o.k = Integer.parseInt(v);
            case "hidden" -> o.hidden = v.equals("none") ? new int[0] : new int[] {Integer.parseInt(v)};
            case "dropout" -> o.dropout = Double.parseDouble(v);
            case "output" -> o.output = DenseSpec.Output.valueOf(v.toUpperCase(Locale.ROOT));
            case "optimizer" -> o.optimizer = DenseSpec.Optimizer.valueOf(v.toUpperCase(Locale.ROOT));
            case "lr" -> o.lr = Double.parseDouble(v);
            case "momentum" -> o.momentum = Double.parseDouble(v);
            case "nesterov" -> o.nesterov = bool(v);
            case "batch_size" -> o.batchSize = Integer.parseInt(v);
            case "epochs" -> o.epochs = Integer.parseInt(v);
            case "l2" -> o.l2 = Double.parseDouble(v);
            case "patience" -> o.patience = Integer.parseInt(v);
            case "monitor" -> o.monitor = DenseSpec.Monitor.valueOf(v.toUpperCase(Locale.ROOT));
            default -> throw new BadInputException("unknown parameter '" + key + "'");
        }
    }

    private static boolean bool(String v) {
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(v);
        };
    }

    private static HeadOptions copy(HeadOptions f) {
        HeadOptions o = new HeadOptions();
        o.c = f.c;
        o.trees = f.trees;
        o.k = f.k;
        o.hidden = f.hidden;
        o.dropout = f.dropout;
        o.output = f.output;
        o.optimizer = f.optimizer;
        o.lr = f.lr;
        o.momentum = f.momentum;
        o.nesterov = f.nesterov;
        o.batchSize = f.batchSize;
        o.epochs = f.epochs;
        o.l2 = f.l2;
        o.patience = f.patience;
        o.monitor = f.monitor;
        o.seed = f.seed;
        o.classWeight = f.classWeight;
        return o;
    }
}
