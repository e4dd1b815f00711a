package dev.xfer.cli;

import dev.xfer.common.Backbone;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Pooling;
import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.common.training.Metrics;
import dev.xfer.extract.Backbones;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.dataset.ImageEntry;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.image.ImageDecoder;
import dev.xfer.finetune.FineTunedModel;
import dev.xfer.head.HeadBundle;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xfer predict}: the bundle's backbone, then its head, on new images. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify images with a head bundle (runs the conv base the head was trained on, then the",
                "head) or with a fine-tuned model (--model). Images print 'dog.jpg: 92.1% dog, 7.9% cat'; a folder",
                "prints CSV (path, top class, one probability column per class)."},
        footer = {"", "Examples:", "  xfer predict --head heads/best-pets-1a2b3c4d5e6f cat.jpg",
                "  xfer predict --model models/pets --json photos/"})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--head", paramLabel = "DIR", description = "A head bundle folder (heads/NAME).")
    Path head;

    @Option(names = "--model", paramLabel = "DIR", description = "A fine-tuned model folder (models/NAME), instead "
            + "of --head.")
    Path model;

    @Parameters(paramLabel = "IMAGE|FOLDER", arity = "1..*", description = "Image files, or one folder.")
    List<Path> inputs;

    @Option(names = "--top", defaultValue = "0", paramLabel = "K", description = "Show the K likeliest classes (0: all).")
    int top;

    @Option(names = "--weights", paramLabel = "W",
            description = "The backbone's weights file, when it is no longer where the cache was extracted from.")
    String weights;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((head == null) == (model == null)) {
            throw new BadInputException("pass --head heads/NAME or --model models/NAME");
        }
        try (Classifier c = model != null ? Classifier.of(FineTunedModel.open(model, Device.parse(device)))
                : classifier(HeadBundle.load(head))) {
            return predict(c);
        }
    }

    /** Images in, class probabilities out: a head on its conv base, or a fine-tuned model. */
    private interface Classifier extends AutoCloseable {
        List<String> classes();

        int imageSize();

        double[] predict(float[] pixels);

        @Override
        void close();

        static Classifier of(FineTunedModel m) {
            return new Classifier() {
                public List<String> classes() {
                    return m.classes();
                }

                public int imageSize() {
                    return m.imageSize();
                }

                public double[] predict(float[] pixels) {
                    return m.predictProba(pixels, 1)[0];
                }

                public void close() {
                    m.close();
                }
            };
        }
    }

    private Classifier classifier(HeadBundle.Loaded bundle) {
        Backbone b = backboneFor(bundle.info().provenance());
        try {
            bundle.requireFeatures(b.provenance(), "backbone " + b.provenance().backbone());
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        return new Classifier() {
            public List<String> classes() {
                return bundle.info().classes();
            }

            public int imageSize() {
                return b.imageSize();
            }

            public double[] predict(float[] pixels) {
                float[] f = b.features(pixels, 1);
                return bundle.head().predictProba(f, 1, f.length)[0];
            }

            public void close() {
                b.close();
            }
        };
    }

    private int predict(Classifier classifier) throws Exception {
        List<String> classes = classifier.classes();
        boolean folder = inputs.size() == 1 && Files.isDirectory(inputs.getFirst());
        List<Path> images = folder ? DatasetScan.of(inputs.getFirst()).images().stream().map(ImageEntry::file).toList()
                : inputs;
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ImageDecoder decoder = new ImageDecoder(classifier.imageSize())) {
            for (Path image : images) {
                float[] pixels;
                try {
                    pixels = decoder.decode(image);
                } catch (BadInputException e) {
                    err.println("xfer: skipped " + e.getMessage());
                    continue;
                }
                double[] p = classifier.predict(pixels);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", folder ? inputs.getFirst().relativize(image).toString() : image.toString());
                row.put("class", classes.get(Metrics.argmax(p)));
                Map<String, Double> probs = new LinkedHashMap<>();
                for (int c = 0; c < classes.size(); c++) {
                    probs.put(classes.get(c), p[c]);
                }
                row.put("probabilities", probs);
                rows.add(row);
                if (!json && !folder) {
                    out.println(line(row.get("path").toString(), p, classes));
                }
            }
        }
        if (json) {
            JsonOutput.print(out, Map.of(model != null ? "model" : "head", String.valueOf(model != null ? model : head),
                    "predictions", rows));
        } else if (folder) {
            csv(out, rows, classes);
        }
        if (rows.isEmpty()) {
            err.println("xfer: no image could be read: check the paths");
            return XferCommand.BAD_INPUT;
        }
        return XferCommand.OK;
    }

    private String line(String name, double[] p, List<String> classes) {
        Integer[] order = IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(c -> -p[c]))
                .toArray(Integer[]::new);
        int k = top > 0 ? Math.min(top, p.length) : p.length;
        StringBuilder s = new StringBuilder(name).append(':');
        for (int i = 0; i < k; i++) {
            s.append(i == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%.1f%% %s", 100 * p[order[i]],
                    classes.get(order[i])));
        }
        return s.toString();
    }

    private static void csv(PrintWriter out, List<Map<String, Object>> rows, List<String> classes) {
        out.println("path,class," + String.join(",", classes));
        for (Map<String, Object> r : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Double> p = (Map<String, Double>) r.get("probabilities");
            String path = r.get("path").toString();
            if (path.contains(",") || path.contains("\"")) {
                path = '"' + path.replace("\"", "\"\"") + '"';
            }
            out.print(path + "," + r.get("class"));
            for (String c : classes) {
                out.printf(Locale.ROOT, ",%.6f", p.get(c));
            }
            out.println();
        }
    }

    /** The conv base the head's features came from: a saved_models/ entry, or the built-in one rebuilt. */
    private Backbone backboneFor(Provenance p) {
        return backboneFor(p, weights, device, head);
    }

    /**
     * The conv base that made features of provenance {@code p} (for {@code artifact}, named in messages), with
     * {@code weights} overriding the file it names; shared with {@code xfer similar}.
     */
    static Backbone backboneFor(Provenance p, String weights, String device, Path artifact) {
        Workspace ws = Workspace.current();
        Device d = Device.parse(device);
        if (p.arch().equals("savedmodel") || weights == null && Files.isDirectory(ws.savedModels().resolve(p.backbone()))
                && !isBuiltIn(p.backbone())) {
            return Backbones.open(new BackboneSpec(p.backbone(), null, 0, null, null, p.imageSize(), d), ws);
        }
        String[] w = weightsSpec(p, weights, artifact);
        return Backbones.open(new BackboneSpec(p.arch(), w[0], Long.parseLong(w[1]), p.layer(),
                Pooling.parse(p.pooling()), p.imageSize(), d), ws);
    }

    /**
     * The weights spec and seed to rebuild the conv base of {@code p}: {@code override} if given, else what the
     * provenance names ({@code random(seed=N)} back to random and N); a file that is gone is refused.
     */
    static String[] weightsSpec(Provenance p, String override, Path artifact) {
        String w = override != null ? override : p.weights();
        long seed = 0;
        if (w.startsWith("random(seed=")) {
            seed = Long.parseLong(w.substring("random(seed=".length(), w.length() - 1));
            w = "random";
        } else if (!w.equals("imagenet") && !w.equals("random") && !Files.exists(Path.of(w))) {
            throw new BadInputException(artifact + " was trained on features of " + p.arch() + " with weights " + w
                    + " (sha256 " + p.weightsSha256() + "), which is not there now: pass --weights FILE");
        }
        return new String[] {w, Long.toString(seed)};
    }

    private static boolean isBuiltIn(String name) {
        return Arrays.asList("vgg16", "inception_v3", "squeezenet").contains(name);
    }
}
