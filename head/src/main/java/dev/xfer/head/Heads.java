package dev.xfer.head;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.dense.DenseModel;
import dev.xfer.head.dense.DenseTrainer;
import dev.xfer.head.smile.SmileHead;
import dev.xfer.head.smile.SmileHeads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Fits and loads any head type: the one switch between the Smile heads and the TensorFlow dense head. */
public final class Heads {

    /** A fitted head, with the dense head's epochs (empty for the others). */
    public record Fitted(Head head, List<DenseTrainer.Epoch> history, int bestEpoch, double seconds) {
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
                    + " head cannot weight classes (dense, rf and lda can); pass --class-weight none");
        }
        long t0 = System.nanoTime();
        Fitted f;
        if (spec.type().equals("dense")) {
            double[] w = weights.perRow(train.y(), classes);
            DenseTrainer.Fitted d = DenseTrainer.fit(spec, train.x(), train.count(), train.dim(), train.y(), w,
                    val.x(), val.count(), val.y(), classes, progress);
            f = new Fitted(d.model(), d.history(), d.bestEpoch(), 0);
        } else {
            double[] w = weights.isNone() ? null : weights.perClass(train.y(), classes);
            f = new Fitted(SmileHeads.fit(spec, train.x(), train.count(), train.dim(), train.y(), classes.size(), w),
                    List.of(), 0, 0);
        }
        return new Fitted(f.head(), f.history(), f.bestEpoch(), (System.nanoTime() - t0) / 1e9);
    }

    /** Loads a saved head's model files from a bundle folder. */
    public static Head load(Path dir, String type, int dim, int classes) throws IOException {
        return type.equals("dense") ? DenseModel.load(dir) : SmileHead.load(dir, type, dim, classes);
    }
}
