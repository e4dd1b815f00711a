package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Pooling;
import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.common.training.Metrics;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.augment.AugmentSpec;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.weights.WeightSet;
import dev.xfer.extract.weights.Weights;
import dev.xfer.finetune.Checkpoint;
import dev.xfer.finetune.FineTuneOutput;
import dev.xfer.finetune.FineTuner;
import dev.xfer.finetune.DecodedImages;
import dev.xfer.finetune.TrainingImages;
import dev.xfer.head.TrainedSplit;
import dev.xfer.finetune.Unfreeze;
import dev.xfer.head.HeadBundle;
import dev.xfer.head.spec.DenseSpec;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.HeadTraining;
import dev.xfer.head.dense.DenseModel;
import dev.xfer.predict.RecordedWeights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xfer finetune}: method 2, the conv base's top layers and a head trained end to end on images. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Fine-tune a conv base and a dense head end to end.",
        description = {"Fine-tune: train the top of a conv base and a dense head end to end on a folder of "
                + "class sub-folders, with augmentation, starting from a phase-two dense head (--head). "
                + "Writes models/NAME: a SavedModel (images -> class probabilities), head.json, "
                + "metrics.json and report.html. Checkpoints every epoch; after an interruption, run the "
                + "same command with --resume."},
        footer = {"", "Example (the Keras recipe: SGD, lr 1e-4, momentum 0.9, from a trained head):",
                "  xfer finetune data/ --head heads/dense-pets-1a2b3c4d5e6f --unfreeze-from fire8 \\",
                "      --augment rotation=20,shift=0.1,zoom=0.1,flip=horizontal --epochs 10 --out models/pets"})
final class FineTuneCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DATA", description = "A folder of class sub-folders (or train/ val/ test/ of them).")
    Path data;

    @Option(names = "--head", paramLabel = "DIR",
            description = "Start from this dense head bundle (heads/NAME); the conv base, layer, pooling and size "
                    + "are the ones its cache was extracted with.")
    Path head;

    @Option(names = "--head-spec", paramLabel = "SPEC",
            description = "A fresh head instead: dense[:HIDDEN,...][,dropout=R][,output=sigmoid], e.g. "
                    + "dense:256,dropout=0.5 or dense,dropout=0 (any key of head train's dense flags may follow, "
                    + "e.g. l2=0.01; it wins over the flag). Default: dense (no hidden layer, dropout 0.5).")
    String headSpec;

    @Option(names = "--backbone", paramLabel = "B", description = "vgg16, inception_v3 or squeezenet (taken from "
            + "--head when given).")
    String backbone;

    @Option(names = "--weights", paramLabel = "W", description = "imagenet, random or a Keras .h5 file. Default: "
            + "the head's, else imagenet.")
    String weights;

    @Option(names = "--layer", paramLabel = "NAME", description = "The layer the head sits on. Default: the head's, "
            + "else the last notop layer.")
    String layer;

    @Option(names = "--pooling", paramLabel = "P", description = "avg or max. Default: the head's, else avg.")
    String pooling;

    @Option(names = "--image-size", paramLabel = "S", description = "Input side. Default: the head's, else the "
            + "architecture's.")
    Integer imageSize;

    @Option(names = "--unfreeze-from", paramLabel = "LAYER",
            description = "Train this layer (or block: fire8, mixed9, block5) and everything after it.")
    String unfreezeFrom;

    @Option(names = "--unfreeze-top", paramLabel = "N", description = "Train the last N layers of the conv base.")
    Integer unfreezeTop;

    @Option(names = "--freeze-first", paramLabel = "N",
            description = "Freeze Keras' model.layers[:N], train the rest. Without any of the three: head only.")
    Integer freezeFirst;

    @Option(names = "--augment", arity = "0..1", fallbackValue = "default", paramLabel = "SPEC",
            description = "Augment training images: rotation=DEG,width_shift=F,height_shift=F,shift=F,shear=DEG,"
                    + "zoom=F,flip=horizontal|vertical|both,fill=nearest|reflect|wrap|constant,cval=V. Alone: "
                    + AugmentSpec.DEFAULT + ".")
    String augment;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd, adam or rmsprop. Default: ${DEFAULT-VALUE}.")
    DenseSpec.Optimizer optimizer;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "sgd momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum for sgd.")
    boolean nesterov;

    @Option(names = "--epochs", defaultValue = "10", description = "Most epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--class-weight", defaultValue = "none", paramLabel = "W",
            description = "none, balanced or CLASS=W,... Default: ${DEFAULT-VALUE}.")
    String classWeight;

    @Option(names = "--patience", defaultValue = "3",
            description = "Epochs without improvement before stopping (0: never). Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--monitor", defaultValue = "val_loss", description = "val_loss or val_accuracy. Default: "
            + "${DEFAULT-VALUE}.")
    DenseSpec.Monitor monitor;

    @Option(names = "--l2", defaultValue = "0", description = "L2 factor on the head's kernels. Default: ${DEFAULT-VALUE}.")
    double l2;

    @Option(names = "--seed", description = "Seed for the split, shuffling, augmentation, dropout. Default: the "
            + "head's, else 42.")
    Long seed;

    @Option(names = "--val", description = "Validation fraction. Default: the head's, else 0.2.")
    Double val;

    @Option(names = "--test", description = "Test fraction. Default: the head's, else 0.1.")
    Double test;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--image-cache", paramLabel = "MIB", description = "Memory for decoded images (at the input "
            + "size), so each is decoded once per run, not once per epoch; images past it are decoded every "
            + "epoch; 0 turns it off. Default: a third of the Java heap.")
    Long imageCacheMib;

    @Option(names = "--resume", description = "Continue an interrupted run of this command from its last epoch.")
    boolean resume;

    @Option(names = "--force", description = "Replace --out if it exists (it is replaced only at the end).")
    boolean force;

    @Option(names = "--out", paramLabel = "DIR", description = "Model folder. Default: models/<arch>-<layer>-finetune.")
    Path out;

    @Mixin
    OutputOptions output;

    @Mixin
    CacheOptions cache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var o = spec.commandLine().getOut();
        HeadBundle.Loaded start = head == null ? null : HeadBundle.load(head);
        if (start != null && headSpec != null) {
            throw new BadInputException("pass --head or --head-spec, not both");
        }
        if (start != null && !(start.head() instanceof DenseModel)) {
            throw new BadInputException("head " + head + " is a " + start.info().type() + " head: fine-tuning starts "
                    + "from a dense head; train one with 'xfer head train --dataset NAME --type dense'");
        }
        Provenance p = start == null ? null : start.info().provenance();
        HeadTraining.SplitInfo split = start == null ? null : start.info().split();
        long s = seed != null ? seed : split != null ? split.seed() : 42;
        DenseSpec hs = headSpec(start, s);
        Architecture arch = Architectures.get(pick(backbone, p == null ? null : p.arch(), "--backbone"));
        String cut = arch.resolveLayer(pick(layer, p == null ? null : p.layer(), null)).name();
        int size = arch.checkSize(imageSize != null ? imageSize : p == null ? null : p.imageSize());
        Pooling pool = Pooling.parse(pooling != null ? pooling : p == null ? "avg" : p.pooling());
        WeightSet w = weightsFor(arch, p);
        FineTuner.Setup setup = new FineTuner.Setup(arch, w, cut, pool, size, hs,
                start == null ? null : (DenseModel) start.head(), Unfreeze.of(unfreezeFrom, unfreezeTop, freezeFirst),
                augment == null ? AugmentSpec.none() : AugmentSpec.parse(augment), ClassWeights.parse(classWeight),
                Device.parse(device));
        Path dir = out != null ? out : Workspace.current().models().resolve(arch.name() + "-"
                + cut.replace('/', '_') + "-finetune");
        HeadBundle.requireFree(dir, force);
        var progress = output.progress(spec.commandLine().getErr());
        if (imageCacheMib != null && imageCacheMib < 0) {
            throw new BadInputException("--image-cache takes MiB, 0 or more, not " + imageCacheMib);
        }
        Checkpoint checkpoint = Checkpoint.forOutput(dir);
        TrainedSplit trained = null;
        if (start != null) {
            trained = TrainedSplit.lookUp(start.info(), cache.catalog()).orElse(null);
            if (trained == null && !output.json) {
                spec.commandLine().getErr().println("xfer: note: the head's snapshot is not in " + cache.uri()
                        + " (pass --cache DIR): photos are dealt by the seed, so photos the head trained on may land "
                        + "in validation and test");
            }
        }
        TrainingImages images;
        FineTuner tuner;
        FineTuner.Result r;
        try (DecodedImages pixels = new DecodedImages(size, imageCacheMib == null ? DecodedImages.defaultBudget()
                : imageCacheMib << 20)) {
            images = TrainingImages.of(DatasetScan.of(data), pixels, val != null ? val : split != null ? split.val()
                    : 0.2, test != null ? test : split != null ? split.test() : 0.1, s, trained, progress);
            images.skipped().forEach(m -> spec.commandLine().getErr().println("xfer: skipped " + m));
            if (images.kept() != null && !output.json) {
                o.println("split: " + images.kept().describe());
            }
            if (start != null && !start.info().classes().equals(images.classes())) {
                throw new BadInputException("head " + head + " knows classes " + start.info().classes() + ", " + data
                        + " has " + images.classes() + "; use a head trained on this dataset");
            }
            if (pixels.kept() < images.files().size() && !output.json) {
                spec.commandLine().getErr().printf(Locale.ROOT, "xfer: the image cache (%d MiB) holds %d of %d images; "
                        + "the rest are decoded every epoch (raise --image-cache or the heap, -Xmx in XFER_JAVA_OPTS)%n",
                        pixels.budget() >> 20, pixels.kept(), images.files().size());
            }
            tuner = new FineTuner(setup, images, pixels);
            r = tuner.run(checkpoint, resume, progress, new FineTuner.Listener() {
                @Override
                public void start(double valLoss, double valAccuracy) {
                    if (!output.json) {
                        o.printf(Locale.ROOT, "start (%s head)  val_loss %.4f  val_accuracy %.4f%n",
                                start == null ? "fresh" : "trained", valLoss, valAccuracy);
                        o.flush();
                    }
                }

                @Override
                public void epoch(dev.xfer.head.dense.DenseTrainer.Epoch e, double sec, boolean best) {
                    if (!output.json) {
                        o.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f  "
                                + "%.1f s%s%n", e.epoch(), hs.epochs(), e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy(),
                                sec, best ? "  (best so far, saved)" : "");
                        o.flush();
                    }
                }
            });
        }
        var written = FineTuneOutput.write(dir, setup, tuner, images, r, start);
        checkpoint.delete();
        if (output.json) {
            JsonOutput.print(o, written);
        } else {
            Metrics shown = r.test() != null ? r.test() : r.val();
            if (shown != null) {
                o.printf(Locale.ROOT, "kept epoch %d of %d: %s accuracy %.4f, balanced %.4f, log-loss %.4f (%d images)%n",
                        r.bestEpoch(), r.history().size(), r.test() != null ? "test" : "val", shown.accuracy(),
                        shown.balancedAccuracy(), shown.logLoss(), shown.rows());
            }
            o.printf("frozen conv-base variables: %d, unchanged: %s%n", r.frozenVariables(),
                    written.get("frozen_unchanged"));
            o.printf("saved %s (report: %s)%n", dir, dir.resolve("report.html"));
        }
        return XferCommand.OK;
    }

    private static String pick(String given, String fromHead, String option) {
        if (given != null && fromHead != null && !given.equals(fromHead)) {
            throw new BadInputException("the head was trained on " + fromHead + " features, not " + given
                    + "; leave the option out or use a head trained on " + given);
        }
        if (given == null && fromHead == null && option != null) {
            throw new BadInputException("pass " + option + " (or --head, which names it)");
        }
        return given != null ? given : fromHead;
    }

    /** The weights the head's features came from (checked by sha256), or the ones asked for. */
    private WeightSet weightsFor(Architecture arch, Provenance p) {
        return p == null ? Weights.resolve(weights == null ? "imagenet" : weights, arch, 0)
                : RecordedWeights.checked(arch, p, weights, head);
    }

    /** The dense head to fine-tune: the starting head's layers, or --head-spec's, trained with this command's options. */
    private DenseSpec headSpec(HeadBundle.Loaded start, long s) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--optimizer", DenseSpec.name(optimizer));
        flags.put("--lr", String.valueOf(lr));
        flags.put("--momentum", String.valueOf(momentum));
        flags.put("--nesterov", String.valueOf(nesterov));
        flags.put("--batch-size", String.valueOf(batchSize));
        flags.put("--epochs", String.valueOf(epochs));
        flags.put("--l2", String.valueOf(l2));
        flags.put("--patience", String.valueOf(patience));
        flags.put("--monitor", DenseSpec.name(monitor));
        HeadSpec parsed = HeadSpec.parse(headSpec == null ? "dense" : headSpec, s, flags);
        if (!(parsed instanceof DenseSpec spec)) {
            throw new BadInputException("--head-spec " + headSpec + ": only dense heads fine-tune, e.g. "
                    + "dense:256,dropout=0.5");
        }
        if (start != null) {
            return ((DenseModel) start.head()).trainedAs(spec, start.info().params());
        }
        return spec;
    }
}
