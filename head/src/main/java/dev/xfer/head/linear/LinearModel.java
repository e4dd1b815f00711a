package dev.xfer.head.linear;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.head.Head;
import dev.xfer.head.Standardizer;
import dev.xfer.head.spec.HeadType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Scores {@code W z + b} on standardised features {@code z}, turned into probabilities by a softmax (logistic
 * regression, LDA) or by one Platt sigmoid per one-vs-rest machine (linear SVM).
 */
public final class LinearModel implements Head {
    static final String FILE = "linear.json";
    static final String SCALER = "scaler.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How scores become probabilities. */
    public enum Link {
        /** One score per class, softmax over them. */
        SOFTMAX,
        /** One machine per class (or one for class 1 of two), each through its sigmoid 1 / (1 + exp(A f + B)). */
        PLATT
    }

    /** linear.json: the numbers, nothing executable. */
    record Stored(@JsonProperty("link") Link link, @JsonProperty("weights") double[][] weights,
                  @JsonProperty("bias") double[] bias, @JsonProperty("platt") double[][] platt,
                  @JsonProperty("notes") java.util.Map<String, Object> notes) {
    }

    private final HeadType type;
    private final Stored m;
    private final Standardizer scaler;
    private final int dim;
    private final int classes;
    private final double[] flat;

    LinearModel(HeadType type, Stored m, Standardizer scaler, int dim, int classes) {
        int machines = m.weights().length;
        boolean ok = machines == (m.link() == Link.PLATT && classes == 2 ? 1 : classes)
                && m.bias().length == machines && (m.link() == Link.SOFTMAX || m.platt() != null
                && m.platt().length == machines);
        for (double[] w : m.weights()) {
            ok &= w.length == dim;
        }
        if (!ok) {
            throw new BadInputException("a " + type + " head's " + FILE + " does not match its " + classes
                    + " classes of " + dim + " features; retrain it with 'xfer head train'");
        }
        this.type = type;
        this.m = m;
        this.scaler = scaler;
        this.dim = dim;
        this.classes = classes;
        this.flat = new double[machines * dim];
        for (int r = 0; r < machines; r++) {
            System.arraycopy(m.weights()[r], 0, flat, r * dim, dim);
        }
    }

    /** Facts about the fit worth keeping (LDA's shrinkage, iterations), for head.json readers. */
    public java.util.Map<String, Object> notes() {
        return m.notes() == null ? java.util.Map.of() : m.notes();
    }

    @Override
    public String type() {
        return type.id();
    }

    @Override
    public double[][] predictProba(float[] x, int rows, int dim) {
        if (dim != this.dim) {
            throw new BadInputException("the head expects " + this.dim + " features per row, got " + dim);
        }
        double[] z = scaler.applyAll(x, rows, dim);
        int machines = m.weights().length;
        double[][] p = new double[rows][classes];
        double[] score = new double[machines];
        for (int i = 0; i < rows; i++) {
            // a few classes by a few hundred features: plain dot products, no blocking needed
            for (int r = 0; r < machines; r++) {
                double v = m.bias()[r];
                for (int k = 0; k < dim; k++) {
                    v += flat[r * dim + k] * z[i * dim + k];
                }
                score[r] = v;
            }
            if (m.link() == Link.SOFTMAX) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : score) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    p[i][c] = Math.exp(score[c] - max);
                    sum += p[i][c];
                }
                for (int c = 0; c < classes; c++) {
                    p[i][c] /= sum;
                }
            } else {
                for (int r = 0; r < machines; r++) {
                    score[r] = Platt.probability(m.platt()[r], score[r]);
                }
                Platt.toClasses(score, p[i]);
            }
        }
        return p;
    }

    @Override
    public List<String> save(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE).toFile(), m);
        JSON.writeValue(dir.resolve(SCALER).toFile(), scaler);
        return List.of(FILE, SCALER);
    }

    /** Whether {@code dir} holds a linear head in this format (older bundles hold a serialised Smile model). */
    public static boolean isIn(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static LinearModel load(Path dir, HeadType type, int dim, int classes) throws IOException {
        Stored m = JSON.readValue(dir.resolve(FILE).toFile(), Stored.class);
        if (m.link() == null || m.weights() == null || m.bias() == null) {
            throw new BadInputException(dir.resolve(FILE) + ": incomplete; retrain the head with 'xfer head train'");
        }
        return new LinearModel(type, m, JSON.readValue(dir.resolve(SCALER).toFile(), Standardizer.class), dim, classes);
    }
}
