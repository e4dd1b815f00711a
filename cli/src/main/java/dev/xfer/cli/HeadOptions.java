package dev.xfer.cli;

import dev.xfer.head.spec.DenseSpec;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.spec.HeadType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Hyperparameters shared by {@code head train} and {@code head compare}; defaults as in HeadSpec (shown in help
 * only: a spec is built from the flags the user gave, through {@link HeadSpec}'s one parser).
 */
final class HeadOptions {
    @Option(names = "--C", defaultValue = "1.0", description = "Inverse regularisation for logreg, svm and svm-rbf. Default: ${DEFAULT-VALUE}.")
    double c;

    @Option(names = "--trees", defaultValue = "100", description = "Trees for rf and gbt. Default: ${DEFAULT-VALUE}.")
    int trees;

    @Option(names = "--k", defaultValue = "5", description = "Neighbours for knn. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--hidden", split = ",", paramLabel = "UNITS",
            description = "dense: hidden Dense(relu) widths, e.g. 256 or 512,128. Default: none.")
    int[] hidden;

    @Option(names = "--dropout", defaultValue = "0.5", description = "dense: dropout rate. Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Option(names = "--output", defaultValue = "softmax",
            description = "dense: softmax, or sigmoid (one unit, two classes). Default: ${DEFAULT-VALUE}.")
    DenseSpec.Output output;

    @Option(names = "--optimizer", defaultValue = "adam", description = "dense: adam, rmsprop or sgd. Default: ${DEFAULT-VALUE}.")
    DenseSpec.Optimizer optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "dense: learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "dense with sgd: momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--nesterov", description = "dense with sgd: Nesterov momentum.")
    boolean nesterov;

    @Option(names = "--batch-size", defaultValue = "32", description = "dense: batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "100", description = "dense: most epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--l2", defaultValue = "0", description = "dense: L2 factor on kernels. Default: ${DEFAULT-VALUE}.")
    double l2;

    @Option(names = "--patience", defaultValue = "5",
            description = "dense: epochs without improvement before stopping (0: never). Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--monitor", defaultValue = "val_loss",
            description = "dense: val_loss or val_accuracy for early stopping. Default: ${DEFAULT-VALUE}.")
    DenseSpec.Monitor monitor;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for splits, folds and training. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--class-weight", defaultValue = "none", paramLabel = "W",
            description = "none, balanced (n / (k * n_class)) or CLASS=W,... (logreg, svm, dense, rf, lda). Default: ${DEFAULT-VALUE}.")
    String classWeight;

    @Spec
    CommandSpec self;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The flags above that are not hyperparameters of a head. */
    private static final Set<String> NOT_HYPERPARAMETERS = Set.of("--seed", "--class-weight");

    /**
     * One {@code --heads} entry, a spec string ({@code logreg}, {@code logreg:C=0.1}): the hyperparameter flags
     * given on the command line fill what it leaves out, for the heads that take them.
     */
    HeadSpec spec(String entry) {
        return HeadSpec.parse(entry, seed, given());
    }

    /** The head of type {@code type} with the hyperparameter flags given, every one of which must apply to it. */
    HeadSpec strictSpec(String type) {
        return HeadSpec.of(HeadType.of(type), seed, given());
    }

    /** The hyperparameter flags the user gave (not their defaults), by name, values as typed. */
    private Map<String, String> given() {
        ParseResult parsed = command.commandLine().getParseResult();
        Set<String> mine = new java.util.HashSet<>();
        self.options().forEach(o -> mine.add(o.longestName()));
        Map<String, String> m = new LinkedHashMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (mine.contains(o.longestName()) && !NOT_HYPERPARAMETERS.contains(o.longestName())) {
                List<String> values = o.originalStringValues();
                m.put(o.longestName(), values.isEmpty() ? "true" : String.join(",", values));
            }
        }
        return m;
    }
}
