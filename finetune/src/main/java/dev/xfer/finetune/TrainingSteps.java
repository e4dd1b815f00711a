package dev.xfer.finetune;

import dev.xfer.common.Progress;
import dev.xfer.common.training.Metrics;
import dev.xfer.extract.augment.RandomTransform;
import dev.xfer.extract.graph.ImageBatch;
import dev.xfer.head.spec.DenseSpec;
import dev.xfer.head.dense.DenseLayers;
import dev.xfer.head.dense.OptimizerOps;
import java.util.Arrays;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The per-batch work of fine-tuning: pixels from the decoded-image cache, draw the augmentation, one optimizer step; and scoring without
 * augmentation or dropout, as the exported model sees images.
 */
final class TrainingSteps {
    private final FineTuner.Setup setup;
    private final TrainingImages data;
    private final FineTuneGraph t;
    private final Session s;
    private final DecodedImages images;
    private final int pixels;
    /** One batch of pixels, reused: a fresh 20 MB array per step made G1 grow the heap to 4.6 GiB beside the cache. */
    private final float[] x;

    TrainingSteps(FineTuner.Setup setup, TrainingImages data, FineTuneGraph t, Session s, DecodedImages images) {
        this.setup = setup;
        this.data = data;
        this.t = t;
        this.s = s;
        this.images = images;
        this.pixels = setup.size() * setup.size() * 3;
        this.x = new float[setup.spec().batchSize() * pixels];
    }

    /** One pass over the training images in this epoch's order; returns the running {loss, accuracy}. */
    double[] trainEpoch(int[] trainIdx, double[] rowWeight, int epoch, long firstStep, Progress progress) {
        DenseSpec spec = setup.spec();
        int k = data.classes().size();
        int[] order = new int[trainIdx.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        DenseLayers.shuffle(order, RandomTransform.random(spec.seed(), epoch, -1));
        double lossSum = 0;
        int correct = 0;
        long step = firstStep;
        for (int start = 0; start < order.length; start += spec.batchSize()) {
            int n = Math.min(spec.batchSize(), order.length - start);
            float[] y = new float[n * k];
            int[] truth = new int[n];
            for (int i = 0; i < n; i++) {
                int row = order[start + i];
                int img = trainIdx[row];
                images.copyTo(data.files().get(img), x, i * pixels);
                truth[i] = data.labels()[img];
                y[i * k + truth[i]] = (float) rowWeight[row];
            }
            step++;
            float[] transforms = t.augment() == null ? null
                    : RandomTransform.batch(setup.augment(), spec.seed(), epoch, start, n, setup.size());
            double[] out = step(y, transforms, n, k, step);
            lossSum += out[0] * n;
            for (int i = 0; i < n; i++) {
                double[] p = Arrays.copyOfRange(out, 1 + i * k, 1 + (i + 1) * k);
                correct += Metrics.argmax(p) == truth[i] ? 1 : 0;
            }
            progress.advance(n);
        }
        return new double[] {lossSum / order.length, (double) correct / order.length};
    }

    private double[] step(float[] y, float[] transforms, int n, int k, long step) {
        DenseSpec spec = setup.spec();
        try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n, setup.size(), setup.size(), 3),
                     DataBuffers.of(x, true, false).narrow((long) n * pixels));
             TFloat32 yt = TFloat32.tensorOf(Shape.of(n, k), DataBuffers.of(y, true, false));
             TFloat32 tt = transforms == null ? null
                     : TFloat32.tensorOf(Shape.of(n, 8), DataBuffers.of(transforms, true, false));
             TFloat32 r = TFloat32.scalarOf((float) spec.dropout());
             TInt64 sd = TInt64.vectorOf(spec.seed(), step);
             TFloat32 lr = TFloat32.scalarOf((float) spec.lr());
             TFloat32 p1 = TFloat32.scalarOf(OptimizerOps.beta1Power(step));
             TFloat32 p2 = TFloat32.scalarOf(OptimizerOps.beta2Power(step))) {
            var runner = s.runner().feed(t.backbone().images(), xt).feed(t.labels(), yt).feed(t.rate(), r)
                    .feed(t.seed(), sd).feed(t.optimizer().lr(), lr).feed(t.optimizer().beta1Power(), p1)
                    .feed(t.optimizer().beta2Power(), p2).fetch(t.loss()).fetch(t.probabilities());
            if (tt != null) {
                runner.feed(t.augment().transforms(), tt);
            }
            t.optimizer().updates().forEach(runner::addTarget);
            try (org.tensorflow.Result res = runner.run()) {
                float[] probs = new float[n * k];
                ((TFloat32) res.get(1)).copyTo(DataBuffers.of(probs, false, false));
                double[] out = new double[1 + n * k];
                out[0] = ((TFloat32) res.get(0)).getFloat();
                for (int i = 0; i < probs.length; i++) {
                    out[1 + i] = probs[i];
                }
                return out;
            }
        }
    }

    /** Scores images as the exported model sees them: no augmentation, no dropout. */
    Metrics score(int[] idx) {
        int k = data.classes().size();
        int batch = setup.spec().batchSize();
        double[][] p = new double[idx.length][];
        for (int start = 0; start < idx.length; start += batch) {
            int n = Math.min(batch, idx.length - start);
            for (int i = 0; i < n; i++) {
                images.copyTo(data.files().get(idx[start + i]), x, i * pixels);
            }
            float[] transforms = new float[n * 8];
            for (int i = 0; i < n; i++) {
                System.arraycopy(RandomTransform.IDENTITY, 0, transforms, i * 8, 8);
            }
            float[] probs;
            try (TFloat32 tt = TFloat32.tensorOf(Shape.of(n, 8), DataBuffers.of(transforms, true, false));
                 TFloat32 r = TFloat32.scalarOf(0f);
                 TInt64 sd = TInt64.vectorOf(0, 0)) {
                probs = ImageBatch.run(x, n, setup.size(), n * k, in -> {
                    var runner = s.runner().feed(t.backbone().images(), in).feed(t.rate(), r).feed(t.seed(), sd)
                            .fetch(t.probabilities());
                    if (t.augment() != null) {
                        runner.feed(t.augment().transforms(), tt);
                    }
                    return runner.run();
                }, res -> ((org.tensorflow.Result) res).get(0));
            }
            for (int i = 0; i < n; i++) {
                p[start + i] = new double[k];
                for (int c = 0; c < k; c++) {
                    p[start + i][c] = probs[i * k + c];
                }
            }
        }
        return Metrics.of(data.labelsOf(idx), p, data.classes());
    }
}
