package dev.xfer.cli;

import dev.xfer.common.Backbone;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Workspace;
import dev.xfer.extract.Backbones;
import dev.xfer.extract.image.ImageDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xfer backbone features}: run a conv base over a few images and show what comes out. */
@Command(name = "features", mixinStandardHelpOptions = true,
        header = "Print the feature vectors of a few images.",
        description = {"Run a backbone over a few images and print their feature vectors (size, L2 norm, first "
                + "values; all values with --json). For whole folders use 'xfer extract'."})
final class BackboneFeaturesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BACKBONE", description = "Built-in architecture, saved_models/ name or "
            + "SavedModel folder.")
    String backbone;

    @Parameters(index = "1..*", paramLabel = "IMAGE", description = "Image files (JPEG, PNG, BMP, GIF).")
    List<Path> images;

    @Mixin
    BackboneOptions options;

    @Option(names = "--json", description = "Print JSON with every feature value.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<Map<String, Object>> rows = new ArrayList<>();
        int failed = 0;
        options.noteSlowPrecision(err);
        try (Backbone b = Backbones.open(options.spec(backbone), Workspace.current());
             ImageDecoder decoder = new ImageDecoder(b.imageSize())) {
            for (Path image : images) {
                float[] pixels;
                try {
                    pixels = decoder.decode(image);
                } catch (BadInputException e) {
                    err.println("xfer: skipped " + e.getMessage());
                    failed++;
                    continue;
                }
                float[] f = b.features(pixels, 1);
                double norm = 0;
                for (float v : f) {
                    norm += v * v;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", image.toString());
                row.put("length", f.length);
                row.put("l2_norm", Math.sqrt(norm));
                row.put("features", f);
                rows.add(row);
                if (!json) {
                    StringBuilder first = new StringBuilder();
                    for (int i = 0; i < Math.min(6, f.length); i++) {
                        first.append(String.format(Locale.ROOT, " %.4f", f[i]));
                    }
                    out.printf(Locale.ROOT, "%s: %d features, L2 norm %.3f, first:%s ...%n", image, f.length,
                            Math.sqrt(norm), first);
                }
            }
            if (json) {
                JsonOutput.print(out, Map.of("backbone", b.provenance(), "images", rows));
            }
        }
        err.flush();
        if (rows.isEmpty()) {
            err.println("xfer: no image could be read: check the paths");
            return XferCommand.BAD_INPUT;
        }
        if (failed > 0) {
            err.printf("xfer: %d of %d images skipped%n", failed, images.size());
        }
        return XferCommand.OK;
    }
}
