package dev.xfer.spark;

import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.common.store.StoreId;
import dev.xfer.extract.BackboneIdentity;
import dev.xfer.extract.Backbones;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.savedmodel.BackboneExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The conv base a Spark extraction ships: a SavedModel folder with xfer.json. A SavedModel backbone is used as it
 * is; a built-in architecture with its weights is exported once to {@code saved_models/.spark/STORE-ID/} and
 * reused by later jobs with the same configuration.
 */
public final class JobModel {
    private JobModel() {
    }

    public static Path prepare(BackboneSpec spec, Workspace ws) throws IOException {
        BackboneExport.requireSavedModelPrecision(spec.precision());
        if (Backbones.kindOf(spec.arch(), ws) == Backbones.Kind.SAVED_MODEL) {
            Path dir = Backbones.locateSavedModel(spec.arch(), ws);
            Provenance.readFrom(dir); // a SavedModel without provenance cannot name a feature store
            return dir;
        }
        // the export's name comes from the provenance predicted without TensorFlow: a second job starts no TF here
        var predicted = BackboneIdentity.predict(spec, ws);
        if (predicted.isPresent()) {
            Path dir = folder(ws, predicted.get());
            if (Files.isRegularFile(dir.resolve(Provenance.FILE_NAME))) {
                return dir;
            }
        }
        try (TfBackbone b = TfBackbone.build(spec)) {
            Path dir = folder(ws, b.provenance());
            if (!Files.isRegularFile(dir.resolve(Provenance.FILE_NAME))) {
                BackboneExport.write(b, dir, spec.arch());
            }
            return dir;
        }
    }

    private static Path folder(Workspace ws, Provenance p) {
        return ws.savedModels().resolve(".spark").resolve(StoreId.of(p));
    }
}
