package dev.xfer.extract.weights;

import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Layer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All weights of one architecture, by layer name, each layer's tensors in Keras order (see
 * {@link Layer#weightNames}), with where they came from. Shapes are checked on the way in, so a WeightSet
 * always fits its architecture.
 *
 * @param source where the weights came from: the file's absolute path, {@code imagenet}, {@code random(seed=7)}
 * @param sha256 identity of the weights: the file's sha256, or that of the random description
 */
public record WeightSet(String arch, String source, String sha256, Map<String, List<Tensor>> byLayer) {

    /** One weight tensor, row-major, as stored in a Keras file. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                        + " values, got " + values.length);
            }
        }
    }

    public List<Tensor> of(String layerName) {
        List<Tensor> t = byLayer.get(layerName);
        if (t == null) {
            throw new IllegalStateException("no weights for layer " + layerName + " of " + arch);
        }
        return t;
    }

    /** Collects weights layer by layer, checking each tensor's shape against the architecture. */
    static final class Builder {
        private final Architecture arch;
        private final Map<String, long[]> shapes;
        private final Map<String, List<Tensor>> byLayer = new LinkedHashMap<>();

        Builder(Architecture arch) {
            this.arch = arch;
            this.shapes = arch.outputShapes(arch.defaultSize());
        }

        /** The shapes {@code layer} expects, in Keras order. */
        List<long[]> expected(Layer layer) {
            return arch.weights(layer, shapes).stream().map(dev.xfer.extract.arch.LayerSpec.Weight::shape).toList();
        }

        /** Returns null when the shapes fit, else the first mismatch as "expects A, found B". */
        String mismatch(Layer layer, List<long[]> found) {
            List<long[]> want = expected(layer);
            if (want.size() != found.size()) {
                return "expects " + want.size() + " weight tensors, found " + found.size();
            }
            for (int i = 0; i < want.size(); i++) {
                if (!Arrays.equals(want.get(i), found.get(i))) {
                    return "expects " + layer.weightNames().get(i) + " of shape " + Arrays.toString(want.get(i))
                            + ", found " + Arrays.toString(found.get(i));
                }
            }
            return null;
        }

        void put(Layer layer, List<Tensor> tensors) {
            byLayer.put(layer.name(), List.copyOf(tensors));
        }

        WeightSet build(String source, String sha256) {
            return new WeightSet(arch.name(), source, sha256, Map.copyOf(byLayer));
        }
    }
}
