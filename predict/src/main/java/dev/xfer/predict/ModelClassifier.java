package dev.xfer.predict;

import dev.xfer.common.Provenance;
import dev.xfer.finetune.FineTunedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A fine-tuned model: one SavedModel from pixels to class probabilities. */
final class ModelClassifier implements Classifier {
    private final FineTunedModel model;

    ModelClassifier(FineTunedModel model) {
        this.model = model;
    }

    @Override
    public Path source() {
        return model.dir();
    }

    @Override
    public List<String> classes() {
        return model.classes();
    }

    @Override
    public int imageSize() {
        return model.imageSize();
    }

    @Override
    public Provenance provenance() {
        return model.info().provenance();
    }

    @Override
    public Map<String, Object> metrics() {
        return model.info().metrics() == null ? Map.of() : model.info().metrics();
    }

    @Override
    public boolean checksUnknown() {
        return false;
    }

    @Override
    public List<Prediction> classify(float[] rgbNhwc, int count) {
        double[][] p = model.predictProba(rgbNhwc, count);
        List<Prediction> out = new ArrayList<>(count);
        for (double[] row : p) {
            out.add(Prediction.of(row, classes()));
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
