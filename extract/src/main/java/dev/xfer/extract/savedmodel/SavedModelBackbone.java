package dev.xfer.extract.savedmodel;

import dev.xfer.common.Backbone;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Provenance;
import dev.xfer.common.XferVersion;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.graph.ImageBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Any SavedModel used as a conv base: xfer's own exports, or a third party's whose signature takes one float
 * image batch (NHWC, 3 channels). Anything else is refused with the reason, before any image is read.
 */
public final class SavedModelBackbone implements Backbone {
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final String input;
    private final String output;
    private final int size;
    private final long[] featureShape;
    private final Provenance provenance;

    private SavedModelBackbone(SavedModelBundle bundle, SessionFunction function, String input, String output,
                               int size, long[] featureShape, Provenance provenance) {
        this.bundle = bundle;
        this.function = function;
        this.input = input;
        this.output = output;
        this.size = size;
        this.featureShape = featureShape;
        this.provenance = provenance;
    }

    public static boolean looksLikeSavedModel(Path dir) {
        return Files.isRegularFile(dir.resolve("saved_model.pb"));
    }

    /** Opens {@code dir}; {@code fallbackSize} is used only when neither the model nor xfer.json fixes a size. */
    public static SavedModelBackbone open(Path dir, int fallbackSize) {
        return open(dir, fallbackSize, Device.AUTO);
    }

    /** As {@link #open(Path, int)}, on {@code device}. */
    public static SavedModelBackbone open(Path dir, int fallbackSize, Device device) {
        if (!looksLikeSavedModel(dir)) {
            throw new BadInputException(dir + ": no SavedModel here (no saved_model.pb); import one with "
                    + "'xfer backbone import' or pass a SavedModel folder");
        }
        var config = device.resolve().config();
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(config).load();
        } catch (RuntimeException e) {
            throw new BadInputException(dir + ": TensorFlow cannot load this SavedModel (" + firstLine(e)
                    + "); export it again with the 'serve' tag", e);
        }
        try {
            return inspect(dir, bundle, fallbackSize);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private static SavedModelBackbone inspect(Path dir, SavedModelBundle bundle, int fallbackSize) {
        List<Signature> sigs = bundle.signatures();
        Signature sig = sigs.stream().filter(s -> s.key().equals(BackboneExport.SIGNATURE)).findFirst()
                .orElse(sigs.size() == 1 ? sigs.getFirst() : null);
        if (sig == null) {
            throw new BadInputException(dir + ": no 'serving_default' signature (found "
                    + sigs.stream().map(Signature::key).toList() + "); export the model with one");
        }
        Map<String, Signature.TensorDescription> ins = sig.getInputs();
        if (ins.size() != 1) {
            throw new BadInputException(dir + ": signature '" + sig.key() + "' takes " + ins.size()
                    + " inputs " + ins.keySet() + "; a backbone takes exactly one image batch");
        }
        String in = ins.keySet().iterator().next();
        Signature.TensorDescription d = ins.get(in);
        long[] dims = d.shape.asArray();
        if (d.dataType != DataType.DT_FLOAT || dims == null || dims.length != 4 || dims[3] != 3) {
            throw new BadInputException(dir + ": input '" + in + "' is " + d.dataType + " " + d.shape
                    + ", not an image batch (float32, [batch, height, width, 3]); a backbone must take images");
        }
        Map<String, Signature.TensorDescription> outs = sig.getOutputs();
        String out = outs.containsKey(BackboneExport.OUTPUT) ? BackboneExport.OUTPUT
                : outs.size() == 1 ? outs.keySet().iterator().next() : null;
        if (out == null) {
            throw new BadInputException(dir + ": signature '" + sig.key() + "' has outputs " + outs.keySet()
                    + " and none is called 'features'; export one output, or name it 'features'");
        }
        Provenance own = Files.exists(dir.resolve(Provenance.FILE_NAME)) ? Provenance.readFrom(dir) : null;
        int size = dims[1] > 0 ? (int) dims[1] : own != null ? own.imageSize() : fallbackSize;
        SessionFunction f = bundle.function(sig.key());
        long[] featureShape = own != null && own.featureShape() != null ? own.featureShape()
                : probeFeatureShape(f, in, out, size);
        Provenance p = own != null ? own : new Provenance(dir.getFileName().toString(), "savedmodel",
                dir.toAbsolutePath().toString(), contentSha256(dir), out, "none", size,
                "inside the model (fed RGB 0..255)", featureShape, XferVersion.get(), null);
        return new SavedModelBackbone(bundle, f, in, out, size, featureShape, p);
    }

    private static long[] probeFeatureShape(SessionFunction f, String in, String out, int size) {
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, size, size, 3));
             Result r = f.call(Map.of(in, x))) {
            long[] s = r.get(out).orElseThrow().shape().asArray();
            return Arrays.copyOfRange(s, 1, s.length);
        }
    }

    /** Identity of a third-party model: the graph and every variables file, hashed in name order. */
    private static String contentSha256(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(dir.relativize(p)).append(':').append(Digests.sha256(p)).append('\n');
            }
            return Digests.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public long[] featureShape() {
        return featureShape.clone();
    }

    @Override
    public float[] features(float[] rgbNhwc, int count) {
        return ImageBatch.run(rgbNhwc, count, size, count * featureLength(),
                in -> function.call(Map.of(input, in)), r -> ((Result) r).get(output).orElseThrow());
    }

    @Override
    public void close() {
        bundle.close();
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
