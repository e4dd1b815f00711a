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
     * Reads a head saved by {@link #save}. Deserialisation runs behind an exact allow-list with depth and size
     * limits; anything else in the stream stops the read with one line naming the file.
     */
    public static SmileHead load(Path dir, HeadType type, int dim, int classes) throws IOException {
        Path f = dir.resolve(MODEL);
        Classifier<?> model;
        try (ObjectInputStream in = new KeyCheckingStream(new BufferedInputStream(Files.newInputStream(f)))) {
            String[] rejected = new String[1];
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status s = allowed(info);
                if (s == ObjectInputFilter.Status.REJECTED && rejected[0] == null) {
                    Class<?> c = info.serialClass();
                    rejected[0] = c == null || ALLOWED.contains(c.getName())
                            ? "objects nested " + info.depth() + " deep or a stream over the size limits"
                            : c.getName() + ", which no head contains";
                }
                return s;
            });
            try {
                model = (Classifier<?>) in.readObject();
            } catch (java.io.InvalidObjectException e) {
                throw new BadInputException(f + ": refused (it holds " + e.getMessage() + ", which no head "
                        + "contains); retrain the head with 'xfer head train'", e);
            } catch (InvalidClassException e) {
                throw new BadInputException(f + ": refused (it holds " + rejected[0] + "); retrain the head "
                        + "with 'xfer head train'", e);
            }
        } catch (ClassNotFoundException | ClassCastException | java.io.ObjectStreamException
                 | java.io.EOFException e) {
            throw new BadInputException(f + ": refused (" + (e instanceof java.io.EOFException ? "truncated"
                    : e.getMessage()) + "); retrain the head with 'xfer head train'", e);
        }
        Standardizer scaler = Files.exists(dir.resolve(SCALER))
                ? JSON.readValue(dir.resolve(SCALER).toFile(), Standardizer.class) : null;
        return new SmileHead(type, model, scaler, dim, classes);
    }

    /**
     * Smile's maps are keyed by numbers. A map whose key is itself a map or a collection is the start of a
     * hash-collision bomb (each level doubles the work of hashing the next), so it is refused as soon as it is
     * read, before any enclosing map hashes it: the class filter cannot see this, it is called once per class.
     */
    private static final class KeyCheckingStream extends ObjectInputStream {
        KeyCheckingStream(java.io.InputStream in) throws IOException {
            super(in);
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object obj) throws IOException {
            if (obj instanceof java.util.Map<?, ?> m) {
                for (Object k : m.keySet()) {
                    if (!(k == null || k instanceof Number || k instanceof String || k instanceof Enum<?>)) {
                        throw new java.io.InvalidObjectException("a map keyed by " + k.getClass().getName());
                    }
                }
            }
            return obj;
        }
    }

    /**
     * Exactly the classes the Smile models xfer saves contain (found by serialising each type): no other
     * collection, so no nested-set "SerialDOS" stream, no URL, no gadget class can even be created.
     */
    private static final java.util.Set<String> ALLOWED = java.util.Set.of(
            "java.lang.Enum", "java.lang.Integer", "java.lang.Number", "java.lang.Object", "java.util.ArrayList",
            "java.util.HashMap", "java.util.Map$Entry", "java.util.Arrays$ArrayList",
            // 0.2's k-NN heads: a cover tree whose distance is a lambda of KNN's (rebuilt by KNN's own
            // $deserializeLambda$, which admits only KNN's lambdas)
            "java.lang.invoke.SerializedLambda", "smile.neighbor.CoverTree", "smile.neighbor.CoverTree$Node",
            "smile.util.IntDoubleHashMap",
            "smile.classification.AbstractClassifier", "smile.classification.Classifier",
            "smile.classification.DecisionTree", "smile.classification.GradientTreeBoost",
            "smile.classification.KNN", "smile.classification.LDA", "smile.classification.LogisticRegression",
            "smile.classification.LogisticRegression$Binomial", "smile.classification.LogisticRegression$Multinomial",
            "smile.classification.OneVersusRest", "smile.classification.PlattScaling",
            "smile.classification.RandomForest", "smile.classification.RandomForest$Model",
            "smile.classification.SVM", "smile.data.formula.Formula", "smile.data.formula.Term",
            "smile.data.formula.Variable", "smile.data.type.DataType$ID", "smile.data.type.DoubleType",
            "smile.data.type.IntType", "smile.data.type.PrimitiveType", "smile.data.type.StructField",
            "smile.data.type.StructType", "smile.math.kernel.Gaussian", "smile.math.kernel.GaussianKernel",
            "smile.model.cart.CART", "smile.model.cart.DecisionNode", "smile.model.cart.InternalNode",
            "smile.model.cart.LeafNode", "smile.model.cart.OrdinalNode", "smile.model.cart.RegressionNode",
            "smile.model.cart.SplitRule", "smile.model.svm.KernelMachine", "smile.neighbor.KDTree",
            "smile.neighbor.KDTree$Node", "smile.regression.RegressionTree", "smile.tensor.DenseMatrix",
            "smile.tensor.DenseMatrix64", "smile.tensor.Vector", "smile.tensor.Vector64", "smile.util.IntSet",
            "smile.validation.ClassificationMetrics", BinarySvm.class.getName());
    /** Deep trees and cover trees nest far less; the limit keeps a hostile stream from exhausting the stack. */
    private static final long MAX_DEPTH = 400;

    static ObjectInputFilter.Status allowed(ObjectInputFilter.FilterInfo info) {
        if (info.depth() > MAX_DEPTH || info.references() > 5_000_000 || info.streamBytes() > 512L << 20
                || info.arrayLength() > 50_000_000) {
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
        return ALLOWED.contains(n) || n.startsWith("smile.classification.KNN$$Lambda")
                ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }
}
