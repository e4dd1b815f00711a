package dev.xfer.cli;

import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.arch.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xfer backbone list}: the built-in architectures and the SavedModels under saved_models/. */
@Command(name = "list", mixinStandardHelpOptions = true,
        header = "List built-in and imported backbones.",
        description = {"List built-in architectures and the backbones imported under saved_models/."})
final class BackboneListCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> builtIn = new ArrayList<>();
        for (String name : Architectures.names()) {
            Architecture a = Architectures.get(name);
            Summary s = Summary.of(a, a.defaultSize(), null);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("default_size", a.defaultSize());
            row.put("min_size", a.minSize());
            row.put("preprocessing", a.preprocessesInside() ? "in the model" : a.preprocessing().id());
            row.put("imagenet_weights", dev.xfer.extract.weights.ImagenetWeights.published(name)
                    .map(dev.xfer.extract.weights.ImagenetWeights.Published::fileName).orElse(null));
            row.put("output_layer", a.outputLayer());
            row.put("params", s.totalParams());
            builtIn.add(row);
        }
        Path dir = Workspace.current().savedModels();
        List<Provenance> saved = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString()
                        .startsWith(".")).sorted().toList()) {
                    if (Files.exists(p.resolve(Provenance.FILE_NAME))) {
                        saved.add(Provenance.readFrom(p));
                    } else if (Files.exists(p.resolve("saved_model.pb"))) {
                        foreign.add(p.getFileName().toString());
                    }
                }
            }
        }
        var out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, Map.of("built_in", builtIn, "saved_models", saved, "other_saved_models", foreign));
            return XferCommand.OK;
        }
        out.println("Built-in architectures:");
        out.printf("  %-20s %6s %6s  %-14s %12s%n", "NAME", "SIZE", "MIN", "PREPROCESSING", "PARAMS");
        for (Map<String, Object> r : builtIn) {
            out.printf("  %-20s %6s %6s  %-14s %,12d%n", r.get("name"), r.get("default_size"), r.get("min_size"),
                    r.get("preprocessing"), (Long) r.get("params"));
        }
        out.println("  (--weights imagenet: Keras' published file, kept in ~/.keras/models; 'in the model': the "
                + "network rescales 0..255 pixels itself)");
        out.println();
        out.println("Imported under " + dir + ":");
        if (saved.isEmpty() && foreign.isEmpty()) {
            out.println("  (none yet: xfer backbone import --arch ARCH --weights W)");
        }
        for (Provenance p : saved) {
            out.printf("  %-24s %-13s %-16s %-7s %4d  features %-10s weights %s%n", p.backbone(), p.arch(),
                    p.layer(), p.pooling(), p.imageSize(), Arrays.toString(p.featureShape()), p.weights());
        }
        foreign.forEach(f -> out.printf("  %-24s (a SavedModel without xfer.json)%n", f));
        return XferCommand.OK;
    }
}
