package dev.xfer.finetune;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.graph.ImageBatch;
import dev.xfer.head.HeadBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;

/** A {@code models/NAME/} folder opened for prediction: its SavedModel and its head.json. Close it. */
public final class FineTunedModel implements AutoCloseable {
    private final Path dir;
    private final HeadBundle.Info info;
    private final SavedModelBundle bundle;
    private final SessionFunction function;

    private FineTunedModel(Path dir, HeadBundle.Info info, SavedModelBundle bundle) {
        this.dir = dir;
        this.info = info;
        this.bundle = bundle;
        this.function = bundle.function(ModelExport.SIGNATURE);
    }

    /** Opens the model {@code given} names: its folder, or any file inside it ({@code models/NAME/head.json}). */
    public static FineTunedModel open(Path given, Device device) {
        Path dir = dev.xfer.common.bundle.BundleFormat.folderOf(given);
        Path json = dir.resolve("head.json");
        if (Files.isRegularFile(json) && !Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new BadInputException(dir + " is a head bundle, not a fine-tuned model: predict and serve open it "
                    + "with --head " + dir);
        }
        if (!Files.isRegularFile(json) || !Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new BadInputException(dir + ": not a fine-tuned model (needs head.json and saved_model.pb); "
                    + "make one with 'xfer finetune'");
        }
        HeadBundle.Info info;
        try {
            info = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(json.toFile(), HeadBundle.Info.class);
        } catch (IOException e) {
            throw new BadInputException(json + ": unreadable (" + e.getMessage() + "); export the model again", e);
        }
        SavedModelBundle b = SavedModelBundle.loader(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
                .withConfigProto(device.resolve().config()).load();
        return new FineTunedModel(dir, info, b);
    }

    public HeadBundle.Info info() {
        return info;
    }

    public List<String> classes() {
        return info.classes();
    }

    public int imageSize() {
        return info.provenance().imageSize();
    }

    public Path dir() {
        return dir;
    }

    /** Class probabilities of {@code count} images (NHWC, RGB 0..255, {@link #imageSize()} square). */
    public double[][] predictProba(float[] rgbNhwc, int count) {
        int k = classes().size();
        float[] p = ImageBatch.run(rgbNhwc, count, imageSize(), count * k,
                in -> function.call(Map.of(ModelExport.INPUT, in)),
                r -> ((Result) r).get(ModelExport.OUTPUT).orElseThrow());
        double[][] out = new double[count][k];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < k; c++) {
                out[i][c] = p[i * k + c];
            }
        }
        return out;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
