package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.dataset.ImageEntry;
import dev.xfer.extract.graph.Device;
import dev.xfer.predict.Classifier;
import dev.xfer.predict.Classifiers;
import dev.xfer.predict.FilePredictions;
import dev.xfer.predict.ModelRef;
import dev.xfer.predict.PredictOptions;
import dev.xfer.predict.Prediction;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xfer predict}: the bundle's backbone, then its head, on new images (all in {@link dev.xfer.predict}). */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Classify images with a head bundle or a fine-tuned model.",
        description = {"Classify images with a head bundle or a fine-tuned model.",
            "",
            "A head runs on the conv base its cache was extracted with. Each image prints a line "
                + "such as 'dog.jpg: 92.1%% dog, 7.9%% cat'; a folder prints CSV (path, top class, one "
                + "probability column per class; with several arguments the paths as given, a folder's images "
                + "under it); --json prints JSON."},
        footer = {"", "Examples:", "  xfer predict --head heads/best-pets-1a2b3c4d5e6f cat.jpg",
                "  xfer predict --head heads/best-pets-1a2b3c4d5e6f --unknown wall.jpg",
                "  xfer predict --model models/pets --json photos/"})
final class PredictCommand implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    ModelOption source;

    @Parameters(paramLabel = "IMAGE|FOLDER", arity = "1..*",
            description = "Image files or folders (a folder: every image under it, in its class sub-folders too).")
    List<Path> inputs;

    @Option(names = "--top", defaultValue = "0", paramLabel = "K", description = "Show the K likeliest classes (0: all).")
    int top;

    @Option(names = "--unknown", description = "Answer 'unknown (nearest: CLASS)' for photos far from every class "
            + "the head was trained on (head bundles trained by this xfer).")
    boolean unknown;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Images per conv-base run. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--weights", paramLabel = "W",
            description = "The backbone's weights file, when it is no longer where the cache was extracted from.")
    String weights;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** --head or --model: what the images are classified with (shared with serve). */
    static final class ModelOption {
        @Option(names = "--head", paramLabel = "DIR", required = true, description = "A head bundle folder (heads/NAME).")
        Path head;

        @Option(names = "--model", paramLabel = "DIR", required = true,
                description = "A fine-tuned model folder (models/NAME), instead of --head.")
        Path model;

        ModelRef ref() {
            return head != null ? ModelRef.head(head) : ModelRef.model(model);
        }
    }

    @Override
    public Integer call() throws Exception {
        ModelRef ref = source.ref();
        try (Classifier c = Classifiers.open(ref, new PredictOptions(Device.parse(device), weights, unknown))) {
            return predict(c, ref);
        }
    }

    private int predict(Classifier classifier, ModelRef ref) {
        List<String> classes = classifier.classes();
        // a folder stands for the images in it (class sub-folders and all, as extract reads one), never for a file
        boolean folder = inputs.stream().anyMatch(Files::isDirectory);
        boolean oneFolder = folder && inputs.size() == 1;
        List<Path> images = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                DatasetScan.of(in).images().stream().map(ImageEntry::file).forEach(images::add);
            } else {
                images.add(in);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Map<String, Object>> rows = new ArrayList<>();
        long start = System.nanoTime();
        FilePredictions.classify(classifier, images, batchSize, (image, p) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", oneFolder ? inputs.getFirst().relativize(image).toString() : image.toString());
            row.put("class", p.answer());
            if (p.nearest() != null) {
                row.put("unknown", p.unknown());
                row.put("nearest", p.nearest());
                row.put("distance_ratio", p.distance());
            }
            Map<String, Double> probs = new LinkedHashMap<>();
            for (String c : classes) {
                probs.put(c, p.probability(c));
            }
            row.put("probabilities", probs);
            rows.add(row);
            if (!json && !folder) {
                out.println(line(row.get("path").toString(), p));
                out.flush();
            }
        }, m -> err.println("xfer: skipped " + m));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(ref.kind() == ModelRef.Kind.HEAD ? "head" : "model", ref.dir().toString());
            m.put("predictions", rows);
            m.put("seconds", seconds); // decoding and classifying, after the model is loaded
            m.put("images_per_second", rows.size() / seconds);
            JsonOutput.print(out, m);
        } else if (folder) {
            csv(out, rows, classes);
        }
        if (rows.isEmpty()) {
            err.println("xfer: no image could be read: check the paths");
            return XferCommand.BAD_INPUT;
        }
        return XferCommand.OK;
    }

    private String line(String name, Prediction p) {
        int k = top > 0 ? Math.min(top, p.ranked().size()) : p.ranked().size();
        StringBuilder s = new StringBuilder(name).append(':');
        if (p.unknown()) {
            s.append(' ').append(p.answer()).append(';');
        }
        for (int i = 0; i < k; i++) {
            Prediction.Score c = p.ranked().get(i);
            s.append(i == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%.1f%% %s", 100 * c.probability(),
                    c.label()));
        }
        return s.toString();
    }

    private static void csv(PrintWriter out, List<Map<String, Object>> rows, List<String> classes) {
        out.println("path,class," + String.join(",", classes));
        for (Map<String, Object> r : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Double> p = (Map<String, Double>) r.get("probabilities");
            out.print(field(r.get("path").toString()) + "," + field(r.get("class").toString()));
            for (String c : classes) {
                out.printf(Locale.ROOT, ",%.6f", p.get(c));
            }
            out.println();
        }
    }

    private static String field(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
