package dev.xfer.predict;

import dev.xfer.common.Backbone;
import dev.xfer.common.Provenance;
import dev.xfer.head.HeadBundle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A head bundle on the conv base its features came from: pixels, then features, then class probabilities. */
final class HeadClassifier implements Classifier {
    private final HeadBundle.Loaded bundle;
    private final Backbone backbone;
    private final UnknownCheck unknown;

    HeadClassifier(HeadBundle.Loaded bundle, Backbone backbone, UnknownCheck unknown) {
        this.bundle = bundle;
        this.backbone = backbone;
        this.unknown = unknown;
    }

    @Override
    public Path source() {
        return bundle.dir();
    }

    @Override
    public List<String> classes() {
        return bundle.info().classes();
    }

    @Override
    public int imageSize() {
        return backbone.imageSize();
    }

    @Override
    public Provenance provenance() {
        return bundle.info().provenance();
    }

    @Override
    public Map<String, Object> metrics() {
        return bundle.info().metrics() == null ? Map.of() : bundle.info().metrics();
    }

    @Override
    public boolean checksUnknown() {
        return unknown != null;
    }

    @Override
    public List<Prediction> classify(float[] rgbNhwc, int count) {
        float[] f = backbone.features(rgbNhwc, count);
        int dim = f.length / count;
        double[][] p = bundle.head().predictProba(f, count, dim);
        List<Prediction> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Prediction pred = Prediction.of(p[i], classes());
            out.add(unknown == null ? pred : unknown.check(pred, f, i * dim, dim));
        }
        return out;
    }

    @Override
    public void close() {
        backbone.close();
    }
}
