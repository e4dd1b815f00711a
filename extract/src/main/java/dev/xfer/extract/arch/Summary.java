package dev.xfer.extract.arch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Keras-style {@code model.summary()}: each layer's name, class, output shape and parameter count, in Keras'
 * own layer order, with the totals. Also the content of {@code xfer backbone summary --json}.
 */
public record Summary(String model, int imageSize, List<Row> layers, long totalParams, long trainableParams,
                      long nonTrainableParams) {

    /** One layer; {@code outputShape} starts with {@code null} for the batch, as Keras prints it. */
    public record Row(String name, String kind, List<Long> outputShape, long params, long trainableParams) {
    }

    /** The summary of {@code arch} cut at {@code cut} (null: the whole notop model) for a square input. */
    public static Summary of(Architecture arch, int size, String cut) {
        Map<String, long[]> shapes = arch.outputShapes(size);
        List<String> kept = arch.layersUpTo(cut).stream().map(Layer::name).toList();
        List<Row> rows = new ArrayList<>();
        long total = 0;
        long trainable = 0;
        for (ModelLayer m : arch.modelLayers()) {
            if (!kept.contains(m.output().name())) {
                continue;
            }
            long params = 0;
            long train = 0;
            for (Layer l : m.members()) {
                for (LayerSpec.Weight w : l.spec().weights(arch.inputShapes(l, shapes, size))) {
                    params += w.size();
                    train += w.trainable() ? w.size() : 0;
                }
            }
            List<Long> shape = new ArrayList<>();
            shape.add(null);
            Arrays.stream(shapes.get(m.output().name())).forEach(shape::add);
            rows.add(new Row(m.name(), m.kerasClass(), shape, params, train));
            total += params;
            trainable += train;
        }
        return new Summary(arch.name(), size, rows, total, trainable, total - trainable);
    }

    /** The table as Keras 2 prints it, so users can compare it with their notebooks line by line. */
    public String table() {
        String rule = "_".repeat(78);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model).append("\"\n").append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, " %-45s%-22s%10s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append("=".repeat(78)).append('\n');
        for (Row r : layers) {
            String shape = r.outputShape().stream().map(d -> d == null ? "None" : d.toString())
                    .collect(Collectors.joining(", ", "(", ")"));
            sb.append(String.format(Locale.ROOT, " %-45s%-22s%,10d%n", r.name() + " (" + r.kind() + ")", shape,
                    r.params()));
        }
        sb.append("=".repeat(78)).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", totalParams));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainableParams));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", nonTrainableParams));
        sb.append(rule).append('\n');
        return sb.toString();
    }
}
