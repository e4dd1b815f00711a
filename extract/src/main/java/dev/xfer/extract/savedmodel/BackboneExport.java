package dev.xfer.extract.savedmodel;

import dev.xfer.common.AtomicFiles;
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

    public static Provenance write(TfBackbone backbone, Path dir, String name) throws IOException {
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
            AtomicFiles.publish(staging, dir);
            return p;
        } finally {
            AtomicFiles.deleteTree(staging);
        }
    }
}
