package dev.xfer.head.spec;

import dev.xfer.common.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Reads a layer shape such as {@code dense:256,128,dropout=0.3,output=sigmoid} onto this spec's training
     * options (fine-tuning's {@code --head-spec}).
     */
    public DenseSpec withLayers(String text) {
        String[] typeRest = text.split(":", 2);
        if (!typeRest[0].equals(HeadType.DENSE.id())) {
            throw new BadInputException("--head-spec " + text + ": only dense heads fine-tune, e.g. dense:256,dropout=0.5");
        }
        List<Integer> h = new ArrayList<>();
        double d = dropout;
        Output o = output;
        for (String part : typeRest.length > 1 ? typeRest[1].split(",") : new String[0]) {
            String p = part.trim();
            try {
                if (p.startsWith("dropout=")) {
                    d = Double.parseDouble(p.substring(8));
                } else if (p.startsWith("output=")) {
                    o = Output.valueOf(p.substring(7).toUpperCase(Locale.ROOT));
                } else if (!p.isEmpty()) {
                    h.add(Integer.parseInt(p));
                }
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--head-spec " + text + ": '" + p + "' is not a width, dropout=R or "
                        + "output=softmax|sigmoid", e);
            }
        }
        return withLayers(h.stream().mapToInt(Integer::intValue).toArray(), d, o);
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
