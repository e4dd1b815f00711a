package dev.xfer.head.openset;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xfer.common.AtomicFiles;
import dev.xfer.common.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Per-class kNN distance thresholds. Features are L2-normalised (Euclidean distance is then a cosine distance); an
 * image's distance to a class is the mean distance to its {@code k} nearest training images of that class. Each
 * class's threshold is the {@code quantile} of that distance for its own training images held out in
 * {@code folds}-fold cross-validation (so a known photo of the class is within it {@code quantile} of the time).
 * An image beyond every class's threshold is unknown; its nearest class is the one it is relatively closest to.
 * Stored in a bundle as {@value #FILE} (the thresholds) and {@value #FEATURES} (the reference rows, float32).
 */
public final class UnknownThresholds {
    public static final String FILE = "unknown.json";
    public static final String FEATURES = "unknown-features.f32";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What {@value #FILE} holds. */
    public record Stored(@JsonProperty("method") String method, @JsonProperty("k") int k,
                         @JsonProperty("quantile") double quantile, @JsonProperty("folds") int folds,
                         @JsonProperty("dim") int dim, @JsonProperty("classes") List<String> classes,
                         @JsonProperty("thresholds") double[] thresholds, @JsonProperty("rows") int[] rows,
                         @JsonProperty("features_file") String featuresFile) {
    }

    /** One image's answer: its distance relative to the nearest class's threshold (above 1: unknown). */
    public record Verdict(int nearest, double ratio) {
        public boolean unknown() {
            return ratio > 1;
        }
    }

    private final Stored stored;
    private final float[][][] reference; // [class][row][dim], unit length

    private UnknownThresholds(Stored stored, float[][][] reference) {
        this.stored = stored;
        this.reference = reference;
    }

    /**
     * Fits thresholds on {@code rows} feature vectors {@code x} (row-major, {@code dim} wide) labelled {@code y}
     * (indices into {@code classes}). At most {@code maxPerClass} rows of a class are kept (seeded sample).
     */
    public static UnknownThresholds fit(float[] x, int[] y, int dim, List<String> classes, int k, double quantile,
                                        int folds, int maxPerClass, long seed) {
        float[][][] ref = new float[classes.size()][][];
        double[] thresholds = new double[classes.size()];
        int[] kept = new int[classes.size()];
        // classes are independent (each from its own seeded sample): fitted on all cores
        java.util.stream.IntStream.range(0, classes.size()).parallel().forEach(c -> {
            List<float[]> rows = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == c) {
                    rows.add(unit(x, i * dim, dim));
                }
            }
            java.util.Collections.shuffle(rows, new Random(seed * 31 + c));
            if (rows.size() > maxPerClass) {
                rows = new ArrayList<>(rows.subList(0, maxPerClass));
            }
            if (rows.size() < folds || rows.size() <= k) {
                throw new BadInputException("class " + classes.get(c) + " has " + rows.size() + " training images: "
                        + "unknown-class thresholds need more than " + Math.max(folds, k));
            }
            ref[c] = rows.toArray(float[][]::new);
            kept[c] = rows.size();
            double[] held = new double[rows.size()];
            for (int i = 0; i < held.length; i++) {
                int fold = i % folds; // rows are shuffled: fold i % F is a seeded random fold
                held[i] = knn(ref[c], ref[c][i], k, j -> j % folds == fold);
            }
            Arrays.sort(held);
            thresholds[c] = held[Math.min(held.length - 1, (int) Math.ceil(quantile * held.length) - 1)];
        });
        return new UnknownThresholds(new Stored("knn-mean-distance, L2-normalised features", k, quantile, folds, dim,
                List.copyOf(classes), thresholds, kept, FEATURES), ref);
    }

    /** Mean distance from {@code q} to its {@code k} nearest rows of {@code ref}, skipping rows {@code skip} says. */
    private static double knn(float[][] ref, float[] q, int k, java.util.function.IntPredicate skip) {
        double[] best = new double[k];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int j = 0; j < ref.length; j++) {
            if (skip.test(j)) {
                continue;
            }
            double d = squaredDistance(q, ref[j]);
            if (d < best[k - 1]) {
                int p = k - 1;
                while (p > 0 && best[p - 1] > d) {
                    best[p] = best[p - 1];
                    p--;
                }
                best[p] = d;
            }
        }
        double sum = 0;
        int n = 0;
        for (double b : best) {
            if (b != Double.POSITIVE_INFINITY) {
                sum += Math.sqrt(b);
                n++;
            }
        }
        return sum / n;
    }

    /** Four independent sums, so the CPU overlaps them (unit vectors: float sums lose nothing that matters). */
    private static double squaredDistance(float[] q, float[] r) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int t = 0;
        for (; t + 3 < q.length; t += 4) {
            float e0 = q[t] - r[t];
            float e1 = q[t + 1] - r[t + 1];
            float e2 = q[t + 2] - r[t + 2];
            float e3 = q[t + 3] - r[t + 3];
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        for (; t < q.length; t++) {
            float e = q[t] - r[t];
            s0 += e * e;
        }
        return (double) s0 + s1 + s2 + s3;
    }

    private static float[] unit(float[] x, int off, int dim) {
        double n = 0;
        for (int t = 0; t < dim; t++) {
            n += (double) x[off + t] * x[off + t];
        }
        double s = n > 0 ? 1 / Math.sqrt(n) : 0;
        float[] u = new float[dim];
        for (int t = 0; t < dim; t++) {
            u[t] = (float) (x[off + t] * s);
        }
        return u;
    }

    /** The verdict for the feature vector at {@code x[off, off + dim)}. */
    public Verdict check(float[] x, int off) {
        float[] q = unit(x, off, stored.dim());
        int nearest = -1;
        double ratio = Double.POSITIVE_INFINITY;
        for (int c = 0; c < reference.length; c++) {
            double r = knn(reference[c], q, stored.k(), j -> false) / stored.thresholds()[c];
            if (r < ratio) {
                ratio = r;
                nearest = c;
            }
        }
        return new Verdict(nearest, ratio);
    }

    public Stored stored() {
        return stored;
    }

    public List<String> classes() {
        return stored.classes();
    }

    /** Writes {@value #FILE} and {@value #FEATURES} into {@code dir}; returns their names. */
    public List<String> save(Path dir) throws IOException {
        int total = Arrays.stream(stored.rows()).sum();
        ByteBuffer b = ByteBuffer.allocate(total * stored.dim() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[][] cls : reference) {
            for (float[] row : cls) {
                for (float v : row) {
                    b.putFloat(v);
                }
            }
        }
        AtomicFiles.write(dir.resolve(FEATURES), b.array());
        AtomicFiles.write(dir.resolve(FILE), JSON.writeValueAsBytes(stored));
        return List.of(FILE, FEATURES);
    }

    /** The thresholds a bundle carries, or null if it has none (trained before xfer fitted them). */
    public static UnknownThresholds load(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Stored s = JSON.readValue(f.toFile(), Stored.class);
            if (!FEATURES.equals(s.featuresFile()) || s.k() < 1 || s.dim() < 1
                    || s.thresholds().length != s.classes().size() || s.rows().length != s.classes().size()) {
                throw new IOException("inconsistent " + FILE);
            }
            long total = Arrays.stream(s.rows()).asLongStream().sum();
            Path data = dir.resolve(FEATURES);
            if (Files.size(data) != total * s.dim() * Float.BYTES) {
                throw new IOException(FEATURES + " holds " + Files.size(data) + " bytes, " + FILE + " says "
                        + total * s.dim() * Float.BYTES);
            }
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(data)).order(ByteOrder.LITTLE_ENDIAN);
            float[][][] ref = new float[s.rows().length][][];
            for (int c = 0; c < ref.length; c++) {
                ref[c] = new float[s.rows()[c]][s.dim()];
                for (float[] row : ref[c]) {
                    b.asFloatBuffer().get(row);
                    b.position(b.position() + s.dim() * Float.BYTES);
                }
            }
            return new UnknownThresholds(s, ref);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(dir + ": unreadable unknown-class thresholds (" + e.getMessage()
                    + "); retrain the head with 'xfer head train'", e);
        }
    }
}
