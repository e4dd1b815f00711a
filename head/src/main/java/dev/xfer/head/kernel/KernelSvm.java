package dev.xfer.head.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.head.Head;
import dev.xfer.head.Standardizer;
import dev.xfer.head.linear.Platt;
import dev.xfer.head.math.Blas;
import dev.xfer.head.math.Products;
import dev.xfer.head.spec.RbfSvmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Gaussian-kernel SVM on standardised features with scikit-learn's {@code gamma='scale'} (1 / (features x
 * variance)): one machine for two classes, one per class against the rest for more, each with a Platt sigmoid
 * for probabilities. Saved as its support vectors and their coefficients.
 */
public final class KernelSvm implements Head {
    static final String FILE = "kernel-svm.json";
    static final String SCALER = "scaler.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Queries per product. */
    private static final int BLOCK = 64;

    /** One machine: f(x) = sum coef_s K(sv_s, x) - rho, probability of its positive class by Platt's {A, B}. */
    record Machine(@JsonProperty("support") float[][] support, @JsonProperty("coef") double[] coef,
                   @JsonProperty("rho") double rho, @JsonProperty("platt") double[] platt) {
    }

    record Stored(@JsonProperty("gamma") double gamma, @JsonProperty("classes") int classes,
                  @JsonProperty("machines") List<Machine> machines) {
    }

    private final Stored m;
    private final Standardizer scaler;
    private final int dim;
    /** Per machine: its support vectors as the right side of batched products, and their squared norms. */
    private final Blas[] supportProducts;
    private final double[][] supportNorms;

    private KernelSvm(Stored m, Standardizer scaler, int dim) {
        this.m = m;
        this.scaler = scaler;
        this.dim = dim;
        int machines = m.machines().size();
        this.supportProducts = new Blas[machines];
        this.supportNorms = new double[machines][];
        for (int r = 0; r < machines; r++) {
            float[][] sv = m.machines().get(r).support();
            float[] flat = new float[sv.length * dim];
            for (int s = 0; s < sv.length; s++) {
                System.arraycopy(sv[s], 0, flat, s * dim, dim);
            }
            supportProducts[r] = new Blas(flat, sv.length, dim);
            supportNorms[r] = Products.rowNorms(flat, sv.length, dim);
        }
    }

    public static KernelSvm fit(RbfSvmSpec spec, float[] x, int rows, int dim, int[] y, int classes) {
        Standardizer scaler = Standardizer.fit(x, rows, dim);
        float[] z = scaler.applyAllFloat(x, rows, dim);
        double mean = 0;
        for (float v : z) {
            mean += v;
        }
        mean /= z.length;
        double var = 0;
        for (float v : z) {
            var += (v - mean) * (v - mean);
        }
        var /= z.length;
        double gamma = 1.0 / (dim * (var > 0 ? var : 1));
        KernelRows k = new KernelRows(z, rows, dim, gamma);
        List<Machine> machines = new ArrayList<>();
        for (int c = classes == 2 ? 1 : 0; c < classes; c++) {
            byte[] pm = new byte[rows];
            boolean[] pos = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                pos[i] = y[i] == c;
                pm[i] = (byte) (pos[i] ? 1 : -1);
            }
            Smo.Solution s = Smo.solve(k, pm, spec.c());
            List<float[]> sv = new ArrayList<>();
            List<Double> coef = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                if (s.coef()[i] != 0) {
                    sv.add(java.util.Arrays.copyOfRange(z, i * dim, (i + 1) * dim));
                    coef.add(s.coef()[i]);
                }
            }
            // decision values of the training rows, from the kernel rows SMO already has or computes once
            double[] f = new double[rows];
            for (int i = 0; i < rows; i++) {
                if (s.coef()[i] != 0) {
                    float[] r = k.row(i);
                    for (int t = 0; t < rows; t++) {
                        f[t] += s.coef()[i] * r[t];
                    }
                }
            }
            for (int t = 0; t < rows; t++) {
                f[t] -= s.rho();
            }
            machines.add(new Machine(sv.toArray(float[][]::new), coef.stream().mapToDouble(Double::doubleValue)
                    .toArray(), s.rho(), Platt.fit(f, pos)));
        }
        return new KernelSvm(new Stored(gamma, classes, machines), scaler, dim);
    }

    @Override
    public String type() {
        return "svm-rbf";
    }

    @Override
    public double[][] predictProba(float[] x, int rows, int dim) {
        if (dim != this.dim) {
            throw new BadInputException("the head expects " + this.dim + " features per row, got " + dim);
        }
        float[] z = scaler.applyAllFloat(x, rows, dim);
        int machines = m.machines().size();
        double[][] q = new double[rows][machines];
        int blocks = (rows + BLOCK - 1) / BLOCK;
        java.util.stream.IntStream.range(0, blocks * machines).parallel().forEach(task -> {
            int r = task % machines;
            int q0 = task / machines * BLOCK;
            int n = Math.min(BLOCK, rows - q0);
            Machine mc = m.machines().get(r);
            int count = mc.coef().length;
            float[] dot = supportProducts[r].timesTransposed(java.util.Arrays.copyOfRange(z, q0 * dim,
                    (q0 + n) * dim), n);
            double[] queryNorms = Products.rowNorms(java.util.Arrays.copyOfRange(z, q0 * dim, (q0 + n) * dim), n,
                    dim);
            for (int i = 0; i < n; i++) {
                double zz = queryNorms[i];
                double f = -mc.rho();
                for (int s = 0; s < count; s++) {
                    double d2 = Math.max(0, zz + supportNorms[r][s] - 2.0 * dot[i * count + s]);
                    f += mc.coef()[s] * Math.exp(-m.gamma() * d2);
                }
                q[q0 + i][r] = Platt.probability(mc.platt(), f);
            }
        });
        double[][] p = new double[rows][m.classes()];
        for (int i = 0; i < rows; i++) {
            Platt.toClasses(q[i], p[i]);
        }
        return p;
    }

    @Override
    public List<String> save(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE).toFile(), m);
        JSON.writeValue(dir.resolve(SCALER).toFile(), scaler);
        return List.of(FILE, SCALER);
    }

    public static boolean isIn(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static KernelSvm load(Path dir, int dim, int classes) throws IOException {
        Path f = dir.resolve(FILE);
        Stored s = JSON.readValue(f.toFile(), Stored.class);
        boolean ok = s.classes() == classes && s.machines() != null
                && s.machines().size() == (classes == 2 ? 1 : classes) && s.gamma() > 0;
        for (Machine mc : ok ? s.machines() : List.<Machine>of()) {
            ok &= mc.support() != null && mc.coef() != null && mc.support().length == mc.coef().length
                    && mc.platt() != null && mc.platt().length == 2;
            for (float[] sv : ok ? mc.support() : new float[0][]) {
                ok &= sv.length == dim;
            }
        }
        if (!ok) {
            throw new BadInputException(f + ": does not match the head's " + classes + " classes of " + dim
                    + " features; retrain the head with 'xfer head train'");
        }
        return new KernelSvm(s, JSON.readValue(dir.resolve(SCALER).toFile(), Standardizer.class), dim);
    }
}
