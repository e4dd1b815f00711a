package dev.xfer.cli;

import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.extract.Backbones;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.arch.Summary;
import dev.xfer.extract.savedmodel.SavedModelBackbone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xfer backbone summary}: a Keras-style layer table. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        header = "Print a Keras-style summary of a backbone.",
        description = {"Print a Keras-style summary (layer, type, output shape, params, totals) of a built-in "
                + "architecture or an imported backbone."})
final class BackboneSummaryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BACKBONE", description = "vgg16, inception_v3, squeezenet, a saved_models/ name or a "
            + "SavedModel folder.")
    String backbone;

    @Option(names = "--layer", paramLabel = "NAME", description = "Summarise the model cut at this layer.")
    String layer;

    @Option(names = "--image-size", paramLabel = "S", description = "Input side. Default: the architecture's.")
    Integer imageSize;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Workspace ws = Workspace.current();
        Architecture arch;
        String cut = layer;
        Integer size = imageSize;
        if (Backbones.kindOf(backbone, ws) == Backbones.Kind.BUILT_IN) {
            arch = Architectures.get(backbone);
        } else {
            Path dir = Backbones.locateSavedModel(backbone, ws);
            if (!Files.exists(dir.resolve(Provenance.FILE_NAME))) {
                return describeForeign(dir, "not made by xfer: no layer table");
            }
            Provenance p = Provenance.readFrom(dir);
            if (!Architectures.isBuiltIn(p.arch())) {
                return describeForeign(dir, "imported from a Keras model file, " + p.weights() + ": no layer table");
            }
            arch = Architectures.get(p.arch());
            cut = cut != null ? cut : p.layer();
            size = size != null ? size : p.imageSize();
        }
        Summary s = Summary.of(arch, arch.checkSize(size), arch.resolveLayer(cut).name());
        if (json) {
            JsonOutput.print(out, s);
        } else {
            out.print(s.table());
            out.flush();
        }
        return XferCommand.OK;
    }

    private int describeForeign(Path dir, String what) {
        try (SavedModelBackbone b = SavedModelBackbone.open(dir, 224)) {
            var out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, b.provenance());
            } else {
                out.printf("SavedModel %s (%s)%n", dir, what);
                out.printf("  input  images %dx%dx3 float32%n", b.imageSize(), b.imageSize());
                out.printf("  output %s %s%n", b.provenance().layer(), Arrays.toString(b.featureShape()));
                out.printf("  content sha256 %s%n", b.provenance().weightsSha256());
            }
        }
        return XferCommand.OK;
    }
}
