package dev.xfer.extract.weights;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How Keras' h5 files hold weights, read the one way for weights files and whole-model files alike: a tensor as
 * float32 (whatever its stored type: Normalization's count is an int64 scalar), a string-list attribute
 * ({@code layer_names}, {@code weight_names}), a Keras 3 layer's {@code vars/0..N}.
 */
public final class H5Values {
    private H5Values() {
    }

    /** A weight tensor's values as float32, row-major. */
    public static float[] floats(Dataset d) {
        Object flat = d.isScalar() ? d.getData() : d.getDataFlat();
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof long[] l) {
            // Normalization's sample count is an int64 Keras keeps for old files; no op reads it
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                f[i] = l[i];
            }
            return f;
        }
        if (flat instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        if (flat instanceof double[] v) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return f;
        }
        throw new IllegalArgumentException("weights of type " + flat.getClass().getSimpleName()
                + " where float32 was expected");
    }

    /** String-array attributes; Keras writes empty {@code weight_names} as an empty float array. */
    public static List<String> strings(Attribute attr) {
        if (attr == null || attr.isEmpty()) {
            return List.of();
        }
        Object data = attr.getData();
        if (data instanceof String[] s) {
            return Arrays.asList(s);
        }
        return data instanceof String s ? List.of(s) : List.of();
    }

    /** A Keras 3 layer's weights: the datasets {@code 0, 1, ...} of its {@code vars} group, in order. */
    public static List<Dataset> vars(Group vars) {
        List<Dataset> sets = new ArrayList<>();
        for (int i = 0; vars.getChildren().containsKey(Integer.toString(i)); i++) {
            sets.add((Dataset) vars.getChild(Integer.toString(i)));
        }
        return sets;
    }
}
