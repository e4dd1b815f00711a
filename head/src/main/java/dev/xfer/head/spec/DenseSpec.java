package dev.xfer.head.spec;

import dev.xfer.common.BadInputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Keras-style dense head trained by TensorFlow: optional hidden Dense(relu) layers, dropout before each Dense
 * layer, softmax or sigmoid output, early stopping on a validation split.
 *
 * @param hidden   hidden layer widths (empty: none)
 * @param dropout  rate before each Dense layer, in [0, 1)
 * @param momentum sgd and rmsprop only
 * @param l2       L2 factor on kernels
 * @param patience epochs without improvement before stopping (0: never stop early)
 */
public record DenseSpec(long seed, int[] hidden, double dropout, Output output, Optimizer optimizer, double lr,
                        double momentum, boolean nesterov, int batchSize, int epochs, double l2, int patience,
                        Monitor monitor) implements HeadSpec {

    /** The last layer: one unit per class with softmax, or one sigmoid unit for two classes. */
    public enum Output { SOFTMAX, SIGMOID }

    /** The update rule, as Keras names it. */
    public enum Optimizer { ADAM, RMSPROP, SGD }

    /** What early stopping watches. */
    public enum Monitor { VAL_LOSS, VAL_ACCURACY }

    public DenseSpec {
        hidden = hidden == null ? new int[0] : hidden.clone();
        for (int h : hidden) {
            HeadSpec.atLeastOne("a hidden layer width", h);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new BadInputException("--dropout " + dropout + ": must be in [0, 1)");
        }
        if (output == null || optimizer == null || monitor == null) {
            throw new BadInputException("a dense head needs an output, an optimizer and a monitor");
        }
        HeadSpec.positive("--lr", lr);
        HeadSpec.atLeastOne("--batch-size", batchSize);
        HeadSpec.atLeastOne("--epochs", epochs);
        if (momentum < 0 || l2 < 0 || patience < 0) {
            throw new BadInputException("--momentum, --l2 and --patience must not be negative");
        }
    }

    /** Keras' usual choice: no hidden layer, dropout 0.5, softmax, Adam 1e-3, batch 32, early stopping. */
    public static DenseSpec defaults(long seed) {
        return new DenseSpec(seed, new int[0], 0.5, Output.SOFTMAX, Optimizer.ADAM, 1e-3, 0.9, false, 32, 100, 0, 5,
                Monitor.VAL_LOSS);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public HeadType type() {
        return HeadType.DENSE;
    }

    @Override
    public DenseSpec withSeed(long s) {
        return new DenseSpec(s, hidden, dropout, output, optimizer, lr, momentum, nesterov, batchSize, epochs, l2,
                patience, monitor);
    }

    /** The same training with another layer shape: how fine-tuning takes a trained head's architecture. */
    public DenseSpec withLayers(int[] h, double d, Output o) {
        return new DenseSpec(seed, h, d, o, optimizer, lr, momentum, nesterov, batchSize, epochs, l2, patience,
                monitor);
    }

    /** Takes every hyperparameter Keras' recipe has; what is not given is {@link #defaults}'. */
    static DenseSpec read(long seed, SpecValues v) {
        DenseSpec d = defaults(seed);
        return new DenseSpec(seed, v.widths("hidden", d.hidden), v.real("dropout", d.dropout),
                v.choice("output", Output.class, d.output), v.choice("optimizer", Optimizer.class, d.optimizer),
                v.real("lr", d.lr), v.real("momentum", d.momentum), v.flag("nesterov", d.nesterov),
                v.whole("batch_size", d.batchSize), v.whole("epochs", d.epochs), v.real("l2", d.l2),
                v.whole("patience", d.patience), v.choice("monitor", Monitor.class, d.monitor));
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", Arrays.stream(hidden).boxed().toList());
        m.put("dropout", dropout);
        m.put("output", name(output));
        m.put("optimizer", name(optimizer));
        m.put("lr", lr);
        if (optimizer != Optimizer.ADAM) {
            m.put("momentum", momentum);
            m.put("nesterov", nesterov);
        }
        m.put("batch_size", batchSize);
        m.put("epochs", epochs);
        m.put("l2", l2);
        m.put("patience", patience);
        m.put("monitor", name(monitor));
        return m;
    }

    /** How head.json and the command line spell an option value: {@code val_loss}, {@code sgd}. */
    public static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseSpec d && d.params().equals(params());
    }

    @Override
    public int hashCode() {
        return params().hashCode();
    }

    @Override
    public String toString() {
        return "DenseSpec" + params();
    }
}
