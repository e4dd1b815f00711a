package dev.xfer.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Pooling;
import dev.xfer.common.Progress;
import dev.xfer.common.SharedData;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.common.training.Split;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.augment.AugmentSpec;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.image.ImageDecoder;
import dev.xfer.extract.weights.WeightSet;
import dev.xfer.extract.weights.Weights;
import dev.xfer.head.spec.DenseSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Fine-tuning the real ImageNet SqueezeNet on real pets photos (small inputs, few images, so it runs in seconds):
 * frozen layers stay bit-for-bit, the trained ones move, the export reproduces the training graph's scores, and a
 * run stopped after an epoch and resumed ends exactly where an uninterrupted run ends.
 */
class FineTunerTest {
    static final Architecture ARCH = Architectures.get("squeezenet");
    static WeightSet weights;
    static TrainingImages images;

    @TempDir
    Path tmp;

    @TempDir
    static Path data;

    /** The first 16 photos of each class (the repository's copy has 20, the shared folder 1,000). */
    @BeforeAll
    static void load() throws Exception {
        weights = Weights.resolve(SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS).toString(), ARCH, 0);
        for (String c : List.of("cat", "dog")) {
            java.nio.file.Files.createDirectories(data.resolve(c));
            try (var files = java.nio.file.Files.list(SharedData.resolve(SharedData.PETS).resolve(c))) {
                for (Path p : files.sorted().limit(16).toList()) {
                    java.nio.file.Files.copy(p, data.resolve(c).resolve(p.getFileName()));
                }
            }
        }
        try (DecodedImages d = new DecodedImages(64, 0)) {
            images = TrainingImages.of(DatasetScan.of(data), d, 0.25, 0, 42, Progress.SILENT);
        }
    }

    private static FineTuner.Setup setup(int epochs, double lr, AugmentSpec augment) {
        DenseSpec spec = new DenseSpec(7, new int[] {16}, 0.3, DenseSpec.Output.SOFTMAX, DenseSpec.Optimizer.SGD, lr,
                0.9, false, 8, epochs, 0, 0, DenseSpec.Monitor.VAL_LOSS);
        return new FineTuner.Setup(ARCH, weights, "drop9", Pooling.AVG, 64, spec, null, Unfreeze.from("fire9"),
                augment, ClassWeights.parse("balanced"), Device.CPU);
    }

    private static FineTuner.Result run(FineTuner.Setup s, Path dir, boolean resume, FineTuner.Listener l)
            throws Exception {
        return new FineTuner(s, images).run(new Checkpoint(dir), resume, Progress.SILENT, l);
    }

    @Test
    void frozenLayersStayBitIdenticalAndTheExportScoresAsTraining() throws Exception {
        FineTuner.Setup s = setup(2, 1e-3, AugmentSpec.parse("default"));
        FineTuner.Result r = run(s, tmp.resolve("ck"), false, (e, sec, best) -> { });
        assertEquals(r.frozenSha256Before(), r.frozenSha256After());
        assertEquals(List.of("fire9/squeeze1x1", "fire9/relu_squeeze1x1", "fire9/expand1x1", "fire9/expand3x3",
                "fire9/relu_expand1x1", "fire9/relu_expand3x3", "fire9/concat", "drop9"), List.copyOf(r.trainableLayers()));

        FineTuner tuner = new FineTuner(s, images);
        Path out = tmp.resolve("model");
        var info = dev.xfer.head.HeadBundle.Info.of("finetune", Map.of(), "balanced", images.classes(),
                tuner.headSizes()[0], Map.of(), null, ModelExport.provenance(s, tuner.headSizes()), null);
        String exported = ModelExport.write(out, s, tuner.headSizes(), images.classes(), r.trained(),
                List.of((dir, sha) -> dev.xfer.head.HeadBundle.writeJson(dir.resolve("head.json"), info)));
        assertEquals(r.frozenSha256Before(), exported, "the SavedModel holds the frozen weights unchanged");
        try (SavedModelBundle b = SavedModelBundle.load(out.toString(), SavedModelBundle.DEFAULT_TAG)) {
            // every frozen layer, read back from the export, equals the weights file bit for bit
            for (String name : List.of("conv1/kernel", "fire2/squeeze1x1/bias", "fire8/expand3x3/kernel")) {
                assertArrayEquals(fromFile(name), variable(b, name), 0f, name);
            }
            // the unfrozen ones moved
            assertFalse(java.util.Arrays.equals(fromFile("fire9/expand3x3/kernel"),
                    variable(b, "fire9/expand3x3/kernel")));
        }
        try (FineTunedModel m = FineTunedModel.open(out, Device.CPU); ImageDecoder d = new ImageDecoder(64)) {
            int[] val = images.indices(Split.VAL);
            int correct = 0;
            for (int i : val) {
                double[] p = m.predictProba(d.decode(images.files().get(i)), 1)[0];
                correct += (p[1] > p[0] ? 1 : 0) == images.labels()[i] ? 1 : 0;
            }
            assertEquals(r.val().accuracy(), (double) correct / val.length, 1e-12,
                    "the export scores the validation images as the training graph did");
        }
    }

    @Test
    void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws Exception {
        FineTuner.Setup s = setup(3, 1e-3, AugmentSpec.parse("rotation=10,zoom=0.1,flip=horizontal"));
        FineTuner.Result whole = run(s, tmp.resolve("a"), false, (e, sec, best) -> { });
        assertEquals(3, whole.history().size());

        Path b = tmp.resolve("b");
        assertThrows(IllegalStateException.class, () -> run(s, b, false, (e, sec, best) -> {
            if (e.epoch() == 1) {
                throw new IllegalStateException("interrupted after epoch 1");
            }
        }));
        assertThrows(BadInputException.class, () -> run(s, b, false, (e, sec, best) -> { }),
                "an interrupted run is not silently restarted");
        assertThrows(BadInputException.class, () -> run(setup(3, 2e-3, s.augment()), b, true, (e, sec, best) -> { }),
                "resuming with another learning rate is refused");
        FineTuner.Result resumed = run(s, b, true, (e, sec, best) -> { });
        assertEquals(1, resumed.resumedAfter());
        assertEquals(whole.history(), resumed.history());
        assertEquals(whole.bestEpoch(), resumed.bestEpoch());
        for (Map.Entry<String, float[]> e : whole.trained().entrySet()) {
            assertArrayEquals(e.getValue(), resumed.trained().get(e.getKey()), 0f, e.getKey());
        }
    }

    /**
     * Each image is decoded once per run when the budget holds them all (the check before training fills the
     * cache); a budget for a few keeps no more than it allows and decodes the rest every epoch; and the trained
     * weights are bit for bit the same whatever the budget.
     */
    @Test
    void decodedImagesAreKeptWithinTheirBudgetAndDoNotChangeTheResult() throws Exception {
        FineTuner.Setup s = setup(2, 1e-3, AugmentSpec.parse("rotation=10,zoom=0.1,flip=horizontal"));
        int n = images.files().size();
        int perImage = 64 * 64 * 3 * Float.BYTES;
        int train = images.indices(Split.TRAIN).length;
        int val = images.indices(Split.VAL).length;
        FineTuner.Result all;
        try (DecodedImages d = new DecodedImages(64, (long) n * perImage)) {
            TrainingImages checked = TrainingImages.of(DatasetScan.of(data), d, 0.25, 0, 42, Progress.SILENT);
            assertEquals(n, d.decodes());
            all = new FineTuner(s, checked, d).run(new Checkpoint(tmp.resolve("all")), false, Progress.SILENT,
                    (e, sec, b) -> { });
            assertEquals(n, d.decodes(), "two epochs, four validation passes, no decode after the check");
            assertEquals(n, d.kept());
            assertEquals((long) n * perImage, d.bytesKept());
        }
        FineTuner.Result few;
        try (DecodedImages d = new DecodedImages(64, 5L * perImage + perImage / 2)) {
            TrainingImages checked = TrainingImages.of(DatasetScan.of(data), d, 0.25, 0, 42, Progress.SILENT);
            few = new FineTuner(s, checked, d).run(new Checkpoint(tmp.resolve("few")), false, Progress.SILENT,
                    (e, sec, b) -> { });
            assertEquals(5, d.kept(), "no more than the budget");
            assertTrue(d.bytesKept() <= d.budget());
            // the 5 kept are the first 5 in path order; every other image is decoded at each use:
            // 2 training epochs and 4 scorings of the validation images (start, 2 epochs, the kept weights)
            int keptTrain = 0;
            for (int i : images.indices(Split.TRAIN)) {
                keptTrain += i < 5 ? 1 : 0;
            }
            assertEquals(n + 2 * (train - keptTrain) + 4 * (val - (5 - keptTrain)), d.decodes());
        }
        assertEquals(all.history(), few.history());
        for (Map.Entry<String, float[]> e : all.trained().entrySet()) {
            assertArrayEquals(e.getValue(), few.trained().get(e.getKey()), 0f, e.getKey());
        }
        try (DecodedImages other = new DecodedImages(32, 0)) {
            assertThrows(IllegalArgumentException.class, () -> new FineTuner(s, images, other));
        }
    }

    @Test
    void unfreezingCountsLayersAsKerasModelLayersDoes() {
        String cut = "drop9";
        var from = Unfreeze.from("fire8").trainableLayers(ARCH, cut);
        assertEquals("fire8/squeeze1x1", from.iterator().next());
        int all = ARCH.layersUpTo(cut).size();
        assertEquals(from, Unfreeze.of(null, null, all - from.size()).trainableLayers(ARCH, cut));
        assertEquals(from, Unfreeze.of(null, from.size(), null).trainableLayers(ARCH, cut));
        assertTrue(Unfreeze.headOnly().trainableLayers(ARCH, cut).isEmpty());
        assertThrows(BadInputException.class, () -> Unfreeze.from("fire99").trainableLayers(ARCH, cut));
        assertThrows(BadInputException.class, () -> Unfreeze.of("fire8", 3, null));
        assertEquals(from, Unfreeze.from("fire8/concat").trainableLayers(ARCH, cut), "a block's output means the block");

        // Keras' InceptionV3 fine-tuning example freezes model.layers[:249]; Keras 3.15 lists layers[249] as
        // conv2d_80, the first layer after mixed8: the top two inception blocks, mixed9 and mixed10
        Architecture inception = Architectures.get("inception_v3");
        var top2 = Unfreeze.of(null, null, 249).trainableLayers(inception, "mixed10");
        assertEquals("conv2d_80", top2.iterator().next());
        assertEquals(311 - 249, top2.size());
        assertEquals(top2, Unfreeze.from("mixed9").trainableLayers(inception, "mixed10"));
        assertEquals("block5_conv1", Unfreeze.from("block5").trainableLayers(Architectures.get("vgg16"), "block5_pool")
                .iterator().next());
    }

    private static float[] fromFile(String name) {
        int slash = name.lastIndexOf('/');
        String layer = name.substring(0, slash);
        var l = ARCH.layers().stream().filter(x -> x.name().equals(layer)).findFirst().orElseThrow();
        return weights.of(layer).get(l.weightNames().indexOf(name.substring(slash + 1))).values();
    }

    /** A variable's value read back from the export (sub-scopes of one block are numbered: fire8, fire8_1, ...). */
    private static float[] variable(SavedModelBundle b, String name) {
        int first = name.indexOf('/');
        String pattern = java.util.regex.Pattern.quote(name.substring(0, first)) + "(_\\d+)?"
                + java.util.regex.Pattern.quote(name.substring(first)) + "_read";
        String op = null;
        for (var it = b.graph().operations(); it.hasNext(); ) {
            String n = it.next().name();
            if (n.matches(pattern)) {
                op = n;
            }
        }
        assertTrue(op != null, "no op for " + name);
        try (var r = b.session().runner().fetch(op).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            float[] v = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(v, false, false));
            return v;
        }
    }

    /**
     * InceptionV3 has BatchNormalization in the unfrozen block: its beta trains (the gradient of FusedBatchNormV3 in
     * inference mode flows), its moving statistics stay bit for bit what the weights file holds.
     */
    @Test
    void batchNormalizationKeepsItsStatisticsInsideTheUnfrozenBlock() throws Exception {
        Architecture inception = Architectures.get("inception_v3");
        WeightSet random = Weights.resolve("random", inception, 3);
        DenseSpec spec = new DenseSpec(7, new int[0], 0, DenseSpec.Output.SOFTMAX, DenseSpec.Optimizer.SGD, 0.05, 0.9,
                false, 8, 1, 0, 0, DenseSpec.Monitor.VAL_LOSS);
        FineTuner.Setup s = new FineTuner.Setup(inception, random, "mixed0", Pooling.AVG, 75, spec, null,
                Unfreeze.from("mixed0"), AugmentSpec.none(), ClassWeights.NONE, Device.CPU);
        FineTuner tuner = new FineTuner(s, images);
        FineTuner.Result r = tuner.run(new Checkpoint(tmp.resolve("ck")), false, Progress.SILENT, (e, sec, b) -> { });
        assertEquals(r.frozenSha256Before(), r.frozenSha256After());
        List<String> trainable = List.copyOf(r.trainableLayers());
        assertEquals("mixed0", trainable.getLast());
        assertFalse(trainable.contains("max_pooling2d_1"), "the stem stays frozen: " + trainable);
        String bn = trainable.stream().filter(n -> n.startsWith("batch_normalization")).findFirst().orElseThrow();
        assertTrue(r.trained().containsKey(bn + "/beta"));
        assertFalse(r.trained().containsKey(bn + "/moving_mean"), "moving statistics are never trainable");
        var l = inception.layers().stream().filter(x -> x.name().equals(bn)).findFirst().orElseThrow();
        float[] betaBefore = random.of(bn).get(l.weightNames().indexOf("beta")).values();
        assertFalse(java.util.Arrays.equals(betaBefore, r.trained().get(bn + "/beta")), "beta trained");
    }

    @Test
    void differentOptionsGiveADifferentFingerprint() {
        assertNotEquals(new FineTuner(setup(3, 1e-3, AugmentSpec.none()), images).fingerprint(),
                new FineTuner(setup(3, 1e-3, AugmentSpec.parse("default")), images).fingerprint());
    }
}
