package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
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

/** {@code xfer backbone import}: a built-in conv base with its weights, saved as a SavedModel. */
@Command(name = "import", mixinStandardHelpOptions = true,
        header = "Save a conv base and its weights as a SavedModel.",
        description = {"Build a conv base, load its weights and save it as a SavedModel under saved_models/NAME "
                + "(signature serving_default: images float32 NHWC RGB 0..255 -> features; preprocessing "
                + "inside; provenance in xfer.json)."})
final class BackboneImportCommand implements Callable<Integer> {
    @Option(names = "--arch", required = true, paramLabel = "A", description = "vgg16, inception_v3 or squeezenet.")
    String arch;

    @Mixin
    BackboneOptions options;

    @Option(names = "--name", paramLabel = "N",
            description = "Folder name under saved_models/. Default: the architecture, plus layer, pooling and "
                    + "size when they differ from the defaults.")
    String name;

    @Option(names = "--force", description = "Replace an existing saved_models/NAME.")
    boolean force;

    @Option(names = "--json", description = "Print the provenance as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BackboneSpec s = options.spec(arch);
        BackboneExport.requireSavedModelPrecision(s.precision());
        String n = name != null ? name : defaultName(s);
        if (n.isBlank() || n.contains("/") || n.startsWith(".")) {
            throw new BadInputException("--name '" + n + "' must be a plain folder name (no '/', not hidden)");
        }
        Path dir = Workspace.current().savedModels().resolve(n);
        if (Files.exists(dir) && !force) {
            throw new BadInputException(dir + " already exists: pass --force to replace it, or choose --name");
        }
        Provenance p;
        try (TfBackbone b = TfBackbone.build(s)) {
            p = BackboneExport.write(b, dir, n);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, p);
        } else {
            out.printf("imported %s: %s weights %s (sha256 %s), cut at %s, %s pooling, %dx%d input -> %s features%n",
                    n, p.arch(), p.weights(), p.weightsSha256().substring(0, 12), p.layer(), p.pooling(),
                    p.imageSize(), p.imageSize(), Arrays.toString(p.featureShape()));
            out.printf("saved to %s%n", dir);
        }
        return XferCommand.OK;
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
