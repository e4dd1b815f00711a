package dev.xfer.finetune;

import dev.xfer.common.AtomicFiles;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.XferVersion;
import dev.xfer.extract.graph.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * Writes {@code models/NAME/}: a SavedModel whose {@code serving_default} signature takes {@code images} (float32
 * NHWC, RGB 0..255, preprocessing inside) and returns {@code probabilities}, built as a fresh inference graph
 * (no augmentation, no dropout, no optimizer) and filled with the original weights overlaid by the trained ones;
 * plus the files the caller adds (head.json, metrics.json, report.html).
 * The folder appears whole or not at all.
 */
public final class ModelExport {
    public static final String SIGNATURE = "serving_default";
    public static final String INPUT = "images";
    public static final String OUTPUT = "probabilities";

    /**
     * Writes a file into the staging folder before it is published (head.json, metrics.json, report.html),
     * knowing the digest of the exported frozen variables.
     */
    public interface Extra {
        void write(Path staging, String exportedFrozenSha256) throws IOException;
    }

    private ModelExport() {
    }

    /**
     * Exports and returns the sha256 of the exported frozen variables, read back from the export's own session:
     * equal to the training run's digest before training when frozen layers did not move.
     */
    public static String write(Path out, FineTuner.Setup setup, int[] sizes, List<String> classes,
                               Map<String, float[]> trained, List<Extra> extras)
            throws IOException {
        Path staging = AtomicFiles.stagingDirFor(out);
        try (Graph g = new Graph()) {
            FineTuneGraph m = FineTuneGraph.inference(Ops.create(g), setup.arch(), setup.cut(), setup.pooling(),
                    setup.size(), sizes, classes.size());
            String frozenSha;
            try (Session s = new Session(g, Device.CPU.resolve().config())) {
                m.backbone().loadWeights(s, setup.weights());
                List<NamedVariable> backbone = m.backboneVariables();
                List<NamedVariable> all = new ArrayList<>(m.head());
                all.addAll(backbone);
                for (NamedVariable h : m.head()) {
                    if (!trained.containsKey(h.name())) {
                        throw new IllegalStateException("no trained value for " + h.name());
                    }
                }
                VariableValues.write(s, all, trained);
                List<NamedVariable> frozen = backbone.stream().filter(v -> !trained.containsKey(v.name())).toList();
                frozenSha = VariableValues.sha256(frozen, VariableValues.read(s, frozen));
                Signature sig = Signature.builder().key(SIGNATURE).input(INPUT, m.backbone().images())
                        .output(OUTPUT, m.probabilities()).build();
                SavedModelBundle.exporter(staging.toString()).withFunction(SessionFunction.create(sig, s)).export();
            }
            for (Extra e : extras) {
                e.write(staging, frozenSha);
            }
            AtomicFiles.publish(staging, out);
            return frozenSha;
        } catch (IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            throw new BadInputException(out + ": cannot export the model (" + e.getMessage() + ")", e);
        } finally {
            AtomicFiles.deleteTree(staging);
        }
    }

    /** The provenance a fine-tuned model carries: its conv base, cut and input, as a cache's would. */
    public static Provenance provenance(FineTuner.Setup setup, int[] sizes) {
        return new Provenance(setup.arch().name(), setup.arch().name(), setup.weights().source(),
                setup.weights().sha256(), setup.cut(), setup.pooling().id(), setup.size(),
                setup.arch().preprocessing().description(), new long[] {sizes[0]}, XferVersion.get(), null)
                .stamped();
    }
}
