package dev.xfer.extract.savedmodel;

import dev.xfer.common.AtomicFiles;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Precision;
import dev.xfer.common.Provenance;
import dev.xfer.extract.graph.TfBackbone;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/**
 * Writes a backbone as a SavedModel whose {@code serving_default} signature takes {@code images} (float32
 * NHWC, RGB 0..255) and returns {@code features}, with {@code xfer.json} beside it. The folder appears whole
 * or not at all: it is written under a temporary name and renamed.
 */
public final class BackboneExport {
    public static final String SIGNATURE = "serving_default";
    public static final String INPUT = "images";
    public static final String OUTPUT = "features";

    private BackboneExport() {
    }

    /**
     * Refuses bf16 for anything that becomes a SavedModel (an import, the model a Spark job ships): bf16 is a
     * rewrite of the running session, not part of the graph, so the SavedModel would hold fp32 arithmetic under a
     * bf16 label. Called before the conv base is built, so the refusal costs nothing.
     */
    public static void requireSavedModelPrecision(Precision precision) {
        if (precision == Precision.BF16) {
            throw new BadInputException("--precision bf16 is a setting of the session that runs a model, not "
                    + "part of a SavedModel (nor of the one --spark ships): export with --precision fp32 and enable "
                    + "bf16 where it runs (TensorFlow's auto_mixed_precision_onednn_bfloat16 graph option), or "
                    + "extract in bf16 without --spark");
        }
    }

    /** Writes {@code backbone} to {@code dir}; bf16 is refused ({@link #requireSavedModelPrecision}). */
    public static Provenance write(TfBackbone backbone, Path dir, String name) throws IOException {
        return write(backbone, dir, name, java.util.Map.of());
    }

    /** As {@link #write(TfBackbone, Path, String)}, with more files beside {@code xfer.json} (by file name). */
    public static Provenance write(TfBackbone backbone, Path dir, String name, java.util.Map<String, byte[]> extra)
            throws IOException {
        requireSavedModelPrecision(backbone.provenance().precision());
        Path staging = AtomicFiles.stagingDirFor(dir);
        try {
            Signature sig = Signature.builder().key(SIGNATURE)
                    .input(INPUT, backbone.ops().images())
                    .output(OUTPUT, backbone.ops().features())
                    .build();
            SavedModelBundle.exporter(staging.toString())
                    .withFunction(SessionFunction.create(sig, backbone.session()))
                    .export();
            Provenance p = backbone.provenance().withBackbone(name).stamped();
            p.writeTo(staging);
            for (var e : extra.entrySet()) {
                java.nio.file.Files.write(staging.resolve(e.getKey()), e.getValue());
            }
            AtomicFiles.publish(staging, dir);
            return p;
        } finally {
            AtomicFiles.deleteTree(staging);
        }
    }
}
