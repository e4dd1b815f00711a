package dev.xfer.cli;

import dev.xfer.head.spec.BoostSpec;
import dev.xfer.head.spec.DenseSpec;
import dev.xfer.head.spec.ForestSpec;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.spec.HeadType;
import dev.xfer.head.spec.KnnSpec;
import dev.xfer.head.spec.LdaSpec;
import dev.xfer.head.spec.LinearSvmSpec;
import dev.xfer.head.spec.LogregSpec;
import dev.xfer.head.spec.RbfSvmSpec;
import picocli.CommandLine.Option;

/** Hyperparameters shared by {@code head train} and {@code head compare}; defaults as in HeadSpec. */
final class HeadOptions {
    @Option(names = "--C", defaultValue = "1.0", description = "Inverse regularisation for logreg and svm. Default: ${DEFAULT-VALUE}.")
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
            description = "none, balanced (n / (k * n_class)) or CLASS=W,... (dense, rf, lda). Default: ${DEFAULT-VALUE}.")
    String classWeight;

    /** The head named {@code type} with the options that apply to it. */
    HeadSpec spec(String type) {
        return switch (HeadType.of(type)) {
            case LOGREG -> new LogregSpec(seed, c);
            case SVM -> new LinearSvmSpec(seed, c);
            case SVM_RBF -> new RbfSvmSpec(seed, c);
            case RF -> new ForestSpec(seed, trees);
            case GBT -> new BoostSpec(seed, trees);
            case KNN -> new KnnSpec(seed, k);
            case LDA -> new LdaSpec(seed);
            case DENSE -> new DenseSpec(seed, hidden, dropout, output, optimizer, lr, momentum, nesterov, batchSize,
                    epochs, l2, patience, monitor);
        };
    }
}
