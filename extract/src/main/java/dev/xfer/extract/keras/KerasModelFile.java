package dev.xfer.extract.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Preprocessing;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Layer;
import dev.xfer.extract.weights.WeightSet;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A Keras model file read as a conv base: a Keras 3 {@code .keras} zip ({@code config.json},
 * {@code metadata.json}, {@code model.weights.h5}) or a full-model {@code .h5} ({@code model_config} attribute and
 * {@code model_weights} group, by Keras 2 or 3). The file's kind is told by its first bytes, not its name.
 *
 * @param arch         the model as an architecture of xfer's vocabulary; its last layer is the model's output
 * @param weights      the weights saved in the file, by node
 * @param kerasVersion the Keras that saved it, as the file records it
 * @param sha256       the file's sha256
 * @param fixedSize    the input side the model fixes, or null when it takes any size
 */
public record KerasModelFile(Architecture arch, WeightSet weights, String kerasVersion, String sha256,
                             Integer fixedSize) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_SIZE = 224;

    /**
     * Reads {@code file}; {@code imageSize} is the input side for a model that takes any size (null: 224), and must
     * agree with a fixed one. {@code preprocessing} is applied before the model's input.
     */
    public static KerasModelFile read(Path file, Integer imageSize, Preprocessing preprocessing) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file; pass a Keras .keras or .h5 model file");
        }
        String sha;
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 4);
            sha = Digests.sha256(file);
            if (n < 4) {
                throw new BadInputException(file + ": empty or truncated; pass a Keras .keras or .h5 model file");
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + "); check its permissions", e);
        }
        try {
            if (head[0] == 'P' && head[1] == 'K') {
                return zip(file, sha, imageSize, preprocessing);
            }
            if (head[0] == (byte) 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') {
                return h5(file, sha, imageSize, preprocessing);
            }
        } catch (HdfException | IOException | ClassCastException e) {
            throw new BadInputException(file + ": not a readable Keras model file (" + e.getMessage() + "); it may "
                    + "be truncated: save it again", e);
        }
        throw new BadInputException(file + ": neither a .keras zip nor an HDF5 file; pass a model saved by "
                + "model.save()");
    }

    private static KerasModelFile zip(Path file, String sha, Integer size, Preprocessing pre) throws IOException {
        try (ZipFile z = new ZipFile(file.toFile())) {
            ZipEntry config = z.getEntry("config.json");
            ZipEntry weights = z.getEntry("model.weights.h5");
            if (config == null || weights == null) {
                throw new BadInputException(file + ": a zip without config.json and model.weights.h5, not a Keras "
                        + "3 model; save it with model.save('NAME.keras')");
            }
            JsonNode model;
            try (InputStream in = z.getInputStream(config)) {
                model = JSON.readTree(in);
            }
            String version = "unknown";
            ZipEntry meta = z.getEntry("metadata.json");
            if (meta != null) {
                try (InputStream in = z.getInputStream(meta)) {
                    version = JSON.readTree(in).path("keras_version").asText("unknown");
                }
            }
            try (InputStream in = z.getInputStream(weights); HdfFile h5 = HdfFile.fromInputStream(in)) {
                return of(model, h5, false, file, sha, version, size, pre);
            }
        }
    }

    private static KerasModelFile h5(Path file, String sha, Integer size, Preprocessing pre) throws IOException {
        try (HdfFile h5 = new HdfFile(file)) {
            Attribute config = h5.getAttribute("model_config");
            if (config == null) {
                throw new BadInputException(file + ": an h5 file without model_config (weights only?); pass a file "
                        + "saved by model.save('NAME.h5'), or use --arch with --weights for a built-in family");
            }
            Attribute v = h5.getAttribute("keras_version");
            String version = v == null ? "unknown" : String.valueOf(v.getData());
            return of(JSON.readTree(String.valueOf(config.getData())), h5, true, file, sha, version, size, pre);
        }
    }

    private static KerasModelFile of(JsonNode model, HdfFile h5, boolean legacy, Path file, String sha,
                                     String version, Integer size, Preprocessing pre) {
        String where = file.toString();
        ModelGraph g = ModelGraph.read(model, where, version.startsWith("2.") || version.startsWith("1."));
        if (g.inputSize != null && size != null && !size.equals(g.inputSize)) {
            throw new BadInputException(file + ": the model takes " + g.inputSize + "x" + g.inputSize + " images, "
                    + "not --image-size " + size + ": leave --image-size out");
        }
        int side = g.inputSize != null ? g.inputSize : size != null ? size : DEFAULT_SIZE;
        // the output last: it is the default cut; a model's config may list it before layers nothing reads
        List<Layer> layers = new ArrayList<>(g.layers);
        Layer out = layers.stream().filter(l -> l.name().equals(g.output)).findFirst().orElseThrow();
        if (layers.stream().noneMatch(l -> l.inbound().contains(g.output))) {
            layers.remove(out);
            layers.add(out);
        }
        Architecture arch = Architecture.of("keras:" + g.modelName, layers, side,
                g.inputSize != null ? g.inputSize : 1, pre);
        java.util.Map<String, long[]> shapes;
        try {
            shapes = arch.outputShapes(side);
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": the model does not take " + side + "x" + side + " images ("
                    + e.getMessage() + "); pass another --image-size");
        }
        for (Layer l : layers) {
            if (java.util.Arrays.stream(shapes.get(l.name())).anyMatch(d -> d <= 0)) {
                throw new BadInputException(file + ": at " + side + "x" + side + " the output of layer " + l.name()
                        + " would be empty; pass a larger --image-size");
            }
        }
        WeightSet w = ModelWeights.read(h5, legacy, g, arch, file.toAbsolutePath().normalize().toString(), sha);
        return new KerasModelFile(arch, w, version, sha, g.inputSize);
    }
}
