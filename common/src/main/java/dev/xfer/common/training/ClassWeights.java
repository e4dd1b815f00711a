package dev.xfer.common.training;

import dev.xfer.common.BadInputException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --class-weight}: {@code none}, {@code balanced} (n / (k * n_class), as scikit-learn computes it) or
 * {@code CLASS=W,...} (unnamed classes weigh 1).
 */
public record ClassWeights(String spec) {
    public static final ClassWeights NONE = new ClassWeights("none");

    public static ClassWeights parse(String spec) {
        String s = spec == null ? "none" : spec.trim();
        if (!s.equals("none") && !s.equals("balanced") && !s.contains("=")) {
            throw new BadInputException("--class-weight " + spec + ": use none, balanced or CLASS=W,...");
        }
        return new ClassWeights(s);
    }

    public boolean isNone() {
        return spec.equals("none");
    }

    /** One weight per class, computed from the training labels {@code y} (indices into {@code classes}). */
    public double[] perClass(int[] y, List<String> classes) {
        int k = classes.size();
        double[] w = new double[k];
        Arrays.fill(w, 1);
        if (spec.equals("balanced")) {
            int[] count = new int[k];
            for (int c : y) {
                count[c]++;
            }
            for (int c = 0; c < k; c++) {
                w[c] = count[c] == 0 ? 0 : (double) y.length / (k * count[c]);
            }
        } else if (!isNone()) {
            for (String part : spec.split(",")) {
                String[] kv = part.split("=", 2);
                int c = classes.indexOf(kv[0].trim());
                if (kv.length != 2 || c < 0) {
                    throw new BadInputException("--class-weight " + part + ": no class '" + kv[0].trim()
                            + "'; classes are " + classes);
                }
                try {
                    w[c] = Double.parseDouble(kv[1].trim());
                } catch (NumberFormatException e) {
                    throw new BadInputException("--class-weight " + part + ": '" + kv[1] + "' is not a number");
                }
                if (!(w[c] >= 0) || Double.isInfinite(w[c])) {
                    throw new BadInputException("--class-weight " + part + ": weights must be finite and >= 0");
                }
            }
        }
        return w;
    }

    /** Per-row weights for labels {@code y}. */
    public double[] perRow(int[] y, List<String> classes) {
        double[] c = perClass(y, classes);
        double[] w = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            w[i] = c[y[i]];
        }
        return w;
    }
}
