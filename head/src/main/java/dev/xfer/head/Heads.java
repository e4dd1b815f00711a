package dev.xfer.head;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.dense.DenseModel;
import dev.xfer.head.dense.DenseTrainer;
import dev.xfer.head.forest.Forest;
import dev.xfer.head.kernel.KernelSvm;
import dev.xfer.head.linear.LdaFit;
import dev.xfer.head.linear.LinearModel;
import dev.xfer.head.linear.LinearSvmFit;
import dev.xfer.head.linear.LogisticFit;
import dev.xfer.head.neighbors.NearestNeighbours;
import dev.xfer.head.smile.SmileHead;
import dev.xfer.head.smile.SmileHeads;
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
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Fits and loads any head type: the one switch between the Smile heads and the TensorFlow dense head. */
public final class Heads {

    /**
     * A fitted head, with the dense head's epochs (empty for the others) and whether its early stopping had to
     * watch the training rows (no validation rows).
     */
    public record Fitted(Head head, List<DenseTrainer.Epoch> history, int bestEpoch, double seconds,
                         boolean monitoredTraining) {
    }

    private Heads() {
    }

    /**
     * Fits {@code spec} on the {@code train} rows; the dense head watches the {@code val} rows for early
     * stopping (without any, it watches its training rows).
     */
    public static Fitted fit(HeadSpec spec, Rows train, Rows val, List<String> classes, ClassWeights weights,
                             Progress progress) {
        if (!weights.isNone() && !spec.takesClassWeights()) {
            throw new BadInputException("--class-weight " + weights.spec() + ": the " + spec.type()
                    + " head cannot weight classes (" + String.join(", ", java.util.Arrays.stream(HeadType.values())
                    .filter(HeadType::takesClassWeights).map(HeadType::id).toList()) + " can); pass --class-weight none");
        }
        long t0 = System.nanoTime();
        float[] x = train.x();
        int n = train.count();
        int d = train.dim();
        int[] y = train.y();
        int k = classes.size();
        double[] perClass = weights.isNone() ? null : weights.perClass(y, classes);
        List<DenseTrainer.Epoch> history = List.of();
        int bestEpoch = 0;
        boolean monitoredTraining = false;
        Head head = switch (spec) {
            case LogregSpec s -> LogisticFit.fit(s, x, n, d, y, k, perClass);
            case LinearSvmSpec s -> LinearSvmFit.fit(s, x, n, d, y, k, perClass);
            case LdaSpec s -> LdaFit.fit(s, x, n, d, y, k, perClass);
            case KnnSpec s -> NearestNeighbours.fit(s, x, n, d, y, k);
            case RbfSvmSpec s -> KernelSvm.fit(s, x, n, d, y, k);
            case ForestSpec s -> Forest.fit(s, x, n, d, y, k, perClass);
            case BoostSpec s -> SmileHeads.fit(s, x, n, d, y, k);
            case DenseSpec s -> {
                DenseTrainer.Fitted f = DenseTrainer.fit(s, x, n, d, y, weights.perRow(y, classes), val.x(),
                        val.count(), val.y(), classes, progress);
                history = f.history();
                bestEpoch = f.bestEpoch();
                monitoredTraining = f.monitoredTraining();
                yield f.model();
            }
        };
        return new Fitted(head, history, bestEpoch, (System.nanoTime() - t0) / 1e9, monitoredTraining);
    }

    /**
     * Loads a saved head's model files from a bundle folder. Linear, kNN, forest and kernel-SVM heads saved before
     * their data-only files existed hold a serialised Smile model, read behind {@link SmileHead}'s allow-list.
     */
    public static Head load(Path dir, HeadType type, int dim, int classes) throws IOException {
        return switch (type) {
            case DENSE -> DenseModel.load(dir);
            case LOGREG, SVM, LDA -> LinearModel.isIn(dir) ? LinearModel.load(dir, type, dim, classes)
                    : SmileHead.load(dir, type, dim, classes);
            case KNN -> NearestNeighbours.isIn(dir) ? NearestNeighbours.load(dir, dim, classes)
                    : SmileHead.load(dir, type, dim, classes);
            case RF -> Forest.isIn(dir) ? Forest.load(dir, dim, classes) : SmileHead.load(dir, type, dim, classes);
            case SVM_RBF -> KernelSvm.isIn(dir) ? KernelSvm.load(dir, dim, classes)
                    : SmileHead.load(dir, type, dim, classes);
            case GBT -> SmileHead.load(dir, type, dim, classes);
        };
    }
}
