package dev.xfer.head.neighbors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.head.Head;
import dev.xfer.head.Standardizer;
import dev.xfer.head.math.Blas;
import dev.xfer.head.math.Products;
import dev.xfer.head.spec.KnnSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * k-nearest neighbours by Euclidean distance on standardised features; the probability of a class is its share
 * of the k votes (scikit-learn's uniform weights). Fitting only keeps the rows, as scikit-learn's brute force does.
 */
public final class NearestNeighbours implements Head {
    static final String FILE = "neighbours.json";
    static final String ROWS = "neighbours.f32";
    static final String SCALER = "scaler.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Queries per product: a block's distances to 50,000 rows stay within about 50 MB. */
    private static final int QUERY_BLOCK = 256;

    record Stored(@JsonProperty("k") int k, @JsonProperty("rows") int rows, @JsonProperty("labels") int[] labels,
                  @JsonProperty("byte_order") String byteOrder) {
    }

    private final int k;
    private final int classes;
    private final int dim;
    private final int n;
    private final int[] labels;
    private final Blas products;
    private final double[] norms;
    private final float[] rows;
    private final Standardizer scaler;

    private NearestNeighbours(int k, int classes, int dim, float[] rows, int[] labels, Standardizer scaler) {
        this.k = k;
        this.classes = classes;
        this.dim = dim;
        this.n = labels.length;
        this.labels = labels;
        this.rows = rows;
        this.scaler = scaler;
        this.products = new Blas(rows, n, dim);
        this.norms = Products.rowNorms(rows, n, dim);
    }

    public static NearestNeighbours fit(KnnSpec spec, float[] x, int rows, int dim, int[] y, int classes) {
        Standardizer scaler = Standardizer.fit(x, rows, dim);
        return new NearestNeighbours(Math.min(spec.k(), rows), classes, dim, scaler.applyAllFloat(x, rows, dim),
                y.clone(), scaler);
    }

    @Override
    public String type() {
        return "knn";
    }

    @Override
    public double[][] predictProba(float[] x, int count, int dim) {
        if (dim != this.dim) {
            throw new BadInputException("the head expects " + this.dim + " features per row, got " + dim);
        }
        float[] z = scaler.applyAllFloat(x, count, dim);
        double[][] p = new double[count][classes];
        int[] best = new int[k];
        double[] bestD = new double[k];
        for (int q0 = 0; q0 < count; q0 += QUERY_BLOCK) {
            int m = Math.min(QUERY_BLOCK, count - q0);
            float[] dot = products.timesTransposed(java.util.Arrays.copyOfRange(z, q0 * dim, (q0 + m) * dim), m);
            for (int i = 0; i < m; i++) {
                nearest(dot, i * n, best, bestD);
                for (int j = 0; j < k; j++) {
                    p[q0 + i][labels[best[j]]] += 1.0 / k;
                }
            }
        }
        return p;
    }

    /** The k rows with the smallest |x|^2 - 2 q.x (the query's own norm ranks nothing), ties to the lower row. */
    private void nearest(float[] dot, int off, int[] best, double[] bestD) {
        int filled = 0;
        for (int j = 0; j < n; j++) {
            double d = norms[j] - 2 * dot[off + j];
            if (filled == k && d >= bestD[k - 1]) {
                continue;
            }
            int at = filled < k ? filled++ : k - 1;
            while (at > 0 && bestD[at - 1] > d) {
                bestD[at] = bestD[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            bestD[at] = d;
            best[at] = j;
        }
    }

    @Override
    public List<String> save(Path dir) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(rows.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(rows);
        Files.write(dir.resolve(ROWS), b.array());
        JSON.writeValue(dir.resolve(FILE).toFile(), new Stored(k, n, labels, "little-endian"));
        JSON.writeValue(dir.resolve(SCALER).toFile(), scaler);
        return List.of(FILE, ROWS, SCALER);
    }

    public static boolean isIn(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static NearestNeighbours load(Path dir, int dim, int classes) throws IOException {
        Stored s = JSON.readValue(dir.resolve(FILE).toFile(), Stored.class);
        Path f = dir.resolve(ROWS);
        long expected = (long) s.rows() * dim * Float.BYTES;
        if (s.k() < 1 || s.labels() == null || s.labels().length != s.rows() || Files.size(f) != expected
                || java.util.Arrays.stream(s.labels()).anyMatch(l -> l < 0 || l >= classes)) {
            throw new BadInputException(f + ": does not hold " + s.rows() + " rows of " + dim + " features with "
                    + "labels of " + classes + " classes; retrain the head with 'xfer head train'");
        }
        float[] rows = new float[s.rows() * dim];
        ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(rows);
        return new NearestNeighbours(s.k(), classes, dim, rows, s.labels(),
                JSON.readValue(dir.resolve(SCALER).toFile(), Standardizer.class));
    }
}
