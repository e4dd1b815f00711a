package dev.xfer.head.dense;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.head.Head;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained dense head's weights: layer widths {@code sizes} (input, hidden..., output), one kernel
 * (row-major in x out) and bias per layer, relu between layers, softmax or sigmoid at the end.
 */
public final class DenseModel implements Head {
    static final String WEIGHTS = "weights.f32";
    static final String LAYOUT = "dense.json";

    /** What {@code dense.json} holds: enough to read {@code weights.f32} back. */
    record Layout(@JsonProperty("sizes") int[] sizes, @JsonProperty("output") String output,
                  @JsonProperty("byte_order") String byteOrder) {
    }

    private final int[] sizes;
    private final String output;
    private final List<float[]> kernels;
    private final List<float[]> biases;

    DenseModel(int[] sizes, String output, List<float[]> kernels, List<float[]> biases) {
        this.sizes = sizes;
        this.output = output;
        this.kernels = kernels;
        this.biases = biases;
    }

    /** Layer widths: input, hidden..., output. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** softmax or sigmoid. */
    public dev.xfer.head.spec.DenseSpec.Output output() {
        return dev.xfer.head.spec.DenseSpec.Output.valueOf(output.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * {@code training} with this head's layers and the dropout it was trained with ({@code params} of its
     * head.json): the spec fine-tuning continues from.
     */
    public dev.xfer.head.spec.DenseSpec trainedAs(dev.xfer.head.spec.DenseSpec training, java.util.Map<String, Object> params) {
        double dropout = params.get("dropout") instanceof Number n ? n.doubleValue() : training.dropout();
        return training.withLayers(java.util.Arrays.copyOfRange(sizes, 1, sizes.length - 1), dropout, output());
    }

    /** Kernel and bias of every layer in order (kernels row-major, input x output), as fine-tuning starts from. */
    public List<float[]> weights() {
        List<float[]> w = new ArrayList<>();
        for (int l = 0; l < kernels.size(); l++) {
            w.add(kernels.get(l).clone());
            w.add(biases.get(l).clone());
        }
        return w;
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public double[][] predictProba(float[] x, int rows, int dim) {
        if (dim != sizes[0]) {
            throw new BadInputException("the dense head expects " + sizes[0] + " features per row, got " + dim);
        }
        double[][] p = new double[rows][];
        double[] h = new double[0];
        for (int r = 0; r < rows; r++) {
            h = new double[dim];
            for (int j = 0; j < dim; j++) {
                h[j] = x[r * dim + j];
            }
            for (int l = 0; l < kernels.size(); l++) {
                h = layer(h, l, l < kernels.size() - 1);
            }
            p[r] = output.equals("sigmoid") ? sigmoid(h[0]) : softmax(h);
        }
        return p;
    }

    private double[] layer(double[] in, int l, boolean relu) {
        int nIn = sizes[l];
        int nOut = sizes[l + 1];
        float[] w = kernels.get(l);
        double[] out = new double[nOut];
        for (int o = 0; o < nOut; o++) {
            out[o] = biases.get(l)[o];
        }
        for (int i = 0; i < nIn; i++) {
            double v = in[i];
            if (v == 0) {
                continue;
            }
            int base = i * nOut;
            for (int o = 0; o < nOut; o++) {
                out[o] += v * w[base + o];
            }
        }
        if (relu) {
            for (int o = 0; o < nOut; o++) {
                out[o] = Math.max(0, out[o]);
            }
        }
        return out;
    }

    private static double[] sigmoid(double z) {
        double p = 1 / (1 + Math.exp(-z));
        return new double[] {1 - p, p};
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Override
    public List<String> save(Path dir) throws IOException {
        int floats = 0;
        for (int l = 0; l < kernels.size(); l++) {
            floats += kernels.get(l).length + biases.get(l).length;
        }
        ByteBuffer b = ByteBuffer.allocate(floats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int l = 0; l < kernels.size(); l++) {
            for (float v : kernels.get(l)) {
                b.putFloat(v);
            }
            for (float v : biases.get(l)) {
                b.putFloat(v);
            }
        }
        Files.write(dir.resolve(WEIGHTS), b.array());
        new ObjectMapper().writeValue(dir.resolve(LAYOUT).toFile(), new Layout(sizes, output, "little-endian"));
        return List.of(LAYOUT, WEIGHTS);
    }

    /** Reads a dense head; a file of the wrong size is refused, naming it. */
    public static DenseModel load(Path dir) throws IOException {
        Layout layout = new ObjectMapper().readValue(dir.resolve(LAYOUT).toFile(), Layout.class);
        int[] s = layout.sizes();
        long expected = 0;
        for (int l = 0; l + 1 < s.length; l++) {
            expected += (long) s[l] * s[l + 1] + s[l + 1];
        }
        Path f = dir.resolve(WEIGHTS);
        if (Files.size(f) != expected * Float.BYTES) {
            throw new BadInputException(f + ": " + Files.size(f) + " bytes, the layout needs " + expected * Float.BYTES
                    + "; retrain the head");
        }
        List<float[]> kernels = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        for (int l = 0; l + 1 < s.length; l++) {
            float[] k = new float[s[l] * s[l + 1]];
            b.asFloatBuffer().get(k);
            b.position(b.position() + k.length * Float.BYTES);
            float[] bias = new float[s[l + 1]];
            b.asFloatBuffer().get(bias);
            b.position(b.position() + bias.length * Float.BYTES);
            kernels.add(k);
            biases.add(bias);
        }
        return new DenseModel(s, layout.output(), kernels, biases);
    }
}
