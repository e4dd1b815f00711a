package dev.xfer.head.forest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.head.Head;
import dev.xfer.head.spec.ForestSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A random forest as scikit-learn grows one by default: each tree on a bootstrap sample of the rows, sqrt(features)
 * candidates per split, fully grown; probabilities are the mean of the trees' leaf class shares. Tree {@code t}
 * draws from its own seed, derived from the spec's, so trees can grow on any thread in any order.
 */
public final class Forest implements Head {
    static final String FILE = "forest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Stored(@JsonProperty("classes") int classes, @JsonProperty("dim") int dim,
                  @JsonProperty("trees") List<Tree> trees) {
    }

    private final Stored m;

    private Forest(Stored m) {
        this.m = m;
    }

    /** @param classWeights one weight per class multiplying each row's bootstrap count, or null */
    public static Forest fit(ForestSpec spec, float[] x, int rows, int dim, int[] y, int classes,
                             double[] classWeights) {
        SplittableRandom seeds = new SplittableRandom(spec.seed());
        long[] treeSeed = new long[spec.trees()];
        for (int t = 0; t < treeSeed.length; t++) {
            treeSeed[t] = seeds.nextLong();
        }
        int tries = Math.max(1, (int) Math.sqrt(dim));
        List<Tree> trees = IntStream.range(0, spec.trees()).parallel().mapToObj(t -> {
            SplittableRandom rnd = new SplittableRandom(treeSeed[t]);
            double[] w = new double[rows];
            for (int i = 0; i < rows; i++) {
                w[rnd.nextInt(rows)] += 1;
            }
            if (classWeights != null) {
                for (int i = 0; i < rows; i++) {
                    w[i] *= classWeights[y[i]];
                }
            }
            return new TreeGrower(x, dim, y, classes, tries, rnd).grow(w);
        }).toList();
        return new Forest(new Stored(classes, dim, trees));
    }

    @Override
    public String type() {
        return "rf";
    }

    @Override
    public double[][] predictProba(float[] x, int rows, int dim) {
        if (dim != m.dim()) {
            throw new BadInputException("the head expects " + m.dim() + " features per row, got " + dim);
        }
        double[][] p = new double[rows][m.classes()];
        IntStream.range(0, rows).parallel().forEach(i -> {
            for (Tree t : m.trees()) {
                t.addTo(x, i, dim, p[i]);
            }
            double sum = 0;
            for (double v : p[i]) {
                sum += v;
            }
            for (int c = 0; c < p[i].length; c++) {
                p[i][c] /= sum;
            }
        });
        return p;
    }

    @Override
    public List<String> save(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE).toFile(), m);
        return List.of(FILE);
    }

    public static boolean isIn(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static Forest load(Path dir, int dim, int classes) throws IOException {
        Path f = dir.resolve(FILE);
        Stored s;
        try {
            s = JSON.readValue(f.toFile(), Stored.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new BadInputException(f + ": not a forest xfer wrote (" + e.getOriginalMessage()
                    + "); retrain the head with 'xfer head train'", e);
        }
        boolean ok = s.dim() == dim && s.classes() == classes && s.trees() != null && !s.trees().isEmpty();
        for (Tree t : ok ? s.trees() : List.<Tree>of()) {
            ok &= t.maxFeature() < dim;
            for (float[] v : t.value()) {
                ok &= v == null || v.length == classes;
            }
        }
        if (!ok) {
            throw new BadInputException(f + ": does not match the head's " + classes + " classes of " + dim
                    + " features; retrain the head with 'xfer head train'");
        }
        return new Forest(s);
    }
}
