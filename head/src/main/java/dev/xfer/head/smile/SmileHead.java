package dev.xfer.head.smile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.head.Head;
import dev.xfer.head.Standardizer;
import dev.xfer.head.spec.HeadType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import smile.classification.Classifier;
import smile.data.DataFrame;
import smile.data.Tuple;

/** A fitted Smile classifier plus the scaler its inputs went through. */
public final class SmileHead implements Head {
    static final String MODEL = "model.ser";
    static final String SCALER = "scaler.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HeadType type;
    private final Classifier<?> model;
    private final Standardizer scaler;
    private final int dim;
    private final int classes;

    SmileHead(HeadType type, Classifier<?> model, Standardizer scaler, int dim, int classes) {
        this.type = type;
        this.model = model;
        this.scaler = scaler;
        this.dim = dim;
        this.classes = classes;
    }

    @Override
    public String type() {
        return type.id();
    }

    @Override
    @SuppressWarnings("unchecked")
    public double[][] predictProba(float[] x, int rows, int dim) {
        if (dim != this.dim) {
            throw new BadInputException("the head expects " + this.dim + " features per row, got " + dim);
        }
        double[][] z = SmileHeads.toRows(x, rows, dim, scaler);
        double[][] p = new double[rows][classes];
        if (type == HeadType.RF || type == HeadType.GBT) {
            DataFrame df = SmileHeads.frame(z, new int[rows]);
            Classifier<Tuple> m = (Classifier<Tuple>) model;
            for (int i = 0; i < rows; i++) {
                m.predict(df.get(i), p[i]);
            }
        } else {
            Classifier<double[]> m = (Classifier<double[]>) model;
            for (int i = 0; i < rows; i++) {
                if (m.isSoft()) {
                    m.predict(z[i], p[i]);
                } else {
                    p[i][m.predict(z[i])] = 1;
                }
            }
        }
        return p;
    }

    @Override
    public List<String> save(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        try (ObjectOutputStream o = new ObjectOutputStream(new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(MODEL))))) {
            o.writeObject(model);
        }
        files.add(MODEL);
        if (scaler != null) {
            JSON.writeValue(dir.resolve(SCALER).toFile(), scaler);
            files.add(SCALER);
        }
        return files;
    }

    /**
     * Reads a head saved by {@link #save}. Deserialisation runs behind an allow-list: only Smile's classes,
     * the JDK's collections, boxed numbers, strings, records and primitive arrays may be created; anything else
     * in the stream stops the read with a message naming the file.
     */
    public static SmileHead load(Path dir, HeadType type, int dim, int classes) throws IOException {
        Path f = dir.resolve(MODEL);
        Classifier<?> model;
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            String[] rejected = new String[1];
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status s = allowed(info);
                if (s == ObjectInputFilter.Status.REJECTED && rejected[0] == null) {
                    rejected[0] = info.serialClass() == null ? "a stream over the size limits"
                            : info.serialClass().getName();
                }
                return s;
            });
            try {
                model = (Classifier<?>) in.readObject();
            } catch (InvalidClassException e) {
                throw new BadInputException(f + ": refused (it holds " + rejected[0] + ", which a head never "
                        + "contains); retrain the head with 'xfer head train'", e);
            }
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new BadInputException(f + ": refused (" + e.getMessage() + "); retrain the head with "
                    + "'xfer head train'", e);
        }
        Standardizer scaler = Files.exists(dir.resolve(SCALER))
                ? JSON.readValue(dir.resolve(SCALER).toFile(), Standardizer.class) : null;
        return new SmileHead(type, model, scaler, dim, classes);
    }

    static ObjectInputFilter.Status allowed(ObjectInputFilter.FilterInfo info) {
        if (info.depth() > 2000 || info.references() > 50_000_000 || info.streamBytes() > 2_000_000_000L) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        String n = c.getName();
        boolean ok = n.startsWith("smile.") || c == BinarySvm.class || n.startsWith("java.util.") && !n.startsWith("java.util.concurrent.")
                || n.startsWith("java.lang.") && (Number.class.isAssignableFrom(c) || c == String.class
                || c == Boolean.class || c == Character.class || c == Enum.class || c == Record.class
                || c == Object.class
                // Smile keeps distance functions as lambdas; one resolves only through its capturing class,
                // which the filter has already checked is Smile's
                || c == java.lang.invoke.SerializedLambda.class)
                || n.startsWith("java.math.");
        return ok ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }
}
