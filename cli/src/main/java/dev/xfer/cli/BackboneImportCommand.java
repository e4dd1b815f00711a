package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Pooling;
import dev.xfer.common.Preprocessing;
import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.keras.KerasModelImport;
import dev.xfer.extract.savedmodel.BackboneExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xfer backbone import}: a built-in conv base with its weights, or a Keras model file, saved as a SavedModel. */
@Command(name = "import", mixinStandardHelpOptions = true,
        header = "Save a conv base and its weights as a SavedModel.",
        description = {"Build a conv base (--arch with --weights, or any Keras model file with --keras), and save it "
                + "as a SavedModel under saved_models/NAME (signature serving_default: images float32 NHWC RGB "
                + "0..255 -> features; preprocessing inside; provenance in xfer.json, and for --keras the file's "
                + "sha256 and Keras version in keras.json).",
                "--keras reads a Keras 3 .keras file or an .h5 saved by model.save() in Keras 2 or 3: Functional "
                        + "and Sequential models, nested models and shared layers included. A model whose output "
                        + "is already a vector is taken as it is. The input size is the model's when it fixes one, else "
                        + "--image-size (default 224). A layer xfer does not build (a Lambda, a custom "
                        + "class) is refused naming it; export such a model as a SavedModel instead."})
final class BackboneImportCommand implements Callable<Integer> {
    @Option(names = "--arch", paramLabel = "A", description = "A built-in architecture (xfer backbone list).")
    String arch;

    @Option(names = "--keras", paramLabel = "FILE",
            description = "A Keras model file (.keras, or .h5 with its config) instead of --arch.")
    Path keras;

    @Option(names = "--preprocess", paramLabel = "P", defaultValue = "none",
            description = "With --keras: caffe, torch, tf or none (the model's own, if it has any). "
                    + "Default: ${DEFAULT-VALUE}.")
    String preprocess;

    @Mixin
    BackboneOptions options;

    @Option(names = "--name", paramLabel = "N",
            description = "Folder name under saved_models/. Default: the architecture, plus layer, pooling and "
                    + "size when they differ from the defaults; for --keras the file's name without extension.")
    String name;

    @Option(names = "--force", description = "Replace an existing saved_models/NAME.")
    boolean force;

    @Option(names = "--json", description = "Print the provenance as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((arch == null) == (keras == null)) {
            throw new BadInputException("give --arch A (a built-in architecture) or --keras FILE (a Keras model "
                    + "file), one of them");
        }
        var parsed = spec.commandLine().getParseResult();
        if (keras != null) {
            for (String o : new String[] {"--weights", "--seed"}) {
                if (parsed.hasMatchedOption(o)) {
                    throw new BadInputException(o + " does not go with --keras: the weights are in " + keras);
                }
            }
        } else if (parsed.hasMatchedOption("--preprocess")) {
            throw new BadInputException("--preprocess goes with --keras; a built-in architecture preprocesses as "
                    + "its weights were trained");
        }
        BackboneSpec s = keras == null ? options.spec(arch) : null;
        BackboneExport.requireSavedModelPrecision(dev.xfer.common.Precision.parse(options.precision));
        String n = name != null ? name : keras != null ? stem(keras) : defaultName(s);
        if (n.isBlank() || n.contains("/") || n.startsWith(".")) {
            throw new BadInputException("--name '" + n + "' must be a plain folder name (no '/', not hidden)");
        }
        Path dir = Workspace.current().savedModels().resolve(n);
        if (Files.exists(dir) && !force) {
            throw new BadInputException(dir + " already exists: pass --force to replace it, or choose --name");
        }
        Provenance p;
        String from;
        if (keras != null) {
            var r = new KerasModelImport(keras, options.layer, Pooling.parse(options.pooling), options.imageSize,
                    Preprocessing.parse(preprocess), Device.parse(options.device)).writeTo(dir, n);
            p = r.provenance();
            from = keras + " (Keras " + r.keras().kerasVersion() + ", sha256 " + p.weightsSha256().substring(0, 12)
                    + ")";
        } else {
            try (TfBackbone b = TfBackbone.build(s)) {
                p = BackboneExport.write(b, dir, n);
            }
            from = p.arch() + " weights " + p.weights() + " (sha256 " + p.weightsSha256().substring(0, 12) + ")";
        }
        var out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, p);
        } else {
            out.printf("imported %s: %s, cut at %s, %s pooling, %dx%d input, preprocessing %s -> %s features%n",
                    n, from, p.layer(), p.pooling(), p.imageSize(), p.imageSize(), p.preprocessing(),
                    Arrays.toString(p.featureShape()));
            out.printf("saved to %s%n", dir);
        }
        return XferCommand.OK;
    }

    private static String stem(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    private static String defaultName(BackboneSpec s) {
        var a = Architectures.get(s.arch());
        StringBuilder n = new StringBuilder(a.name());
        if (s.layer() != null && !a.resolveLayer(s.layer()).name().equals(a.outputLayer())) {
            n.append('-').append(s.layer().replace('/', '_'));
        }
        if (!s.pooling().id().equals("avg")) {
            n.append('-').append(s.pooling().id());
        }
        if (s.imageSize() != null && s.imageSize() != a.defaultSize()) {
            n.append('-').append(s.imageSize());
        }
        return n.toString();
    }
}
