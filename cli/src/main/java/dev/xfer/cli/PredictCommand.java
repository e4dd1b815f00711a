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
import dev.xfer.predict.PredictionRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
                + "probability column per class, or with --top K the K likeliest; with several arguments the "
                + "paths as given, a folder's images under it); --json prints JSON (\"results\": per image its "
                + "path, \"class\", \"predictions\" likeliest first, and with --unknown \"unknown\", "
                + "\"nearest\" and \"distance_ratio\"; \"class\" is null for an unknown photo)."},
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
            + "the head was trained on (head bundles trained by this xfer); in --json, class is null (empty in CSV) "
            + "and unknown, nearest and distance_ratio say why.")
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
        if (top < 0) {
            throw new BadInputException("--top " + top + ": use 0 (every class) or more");
        }
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
        List<PredictionRun.Image> done = new ArrayList<>();
        long start = System.nanoTime();
        FilePredictions.classify(classifier, images, batchSize, (image, p) -> {
            String path = oneFolder ? inputs.getFirst().relativize(image).toString() : image.toString();
            done.add(new PredictionRun.Image(path, p));
            if (!json && !folder) {
                out.println(line(path, p));
                out.flush();
            }
        }, m -> err.println("xfer: skipped " + m));
        PredictionRun run = new PredictionRun(ref, done, top, (System.nanoTime() - start) / 1e9);
        if (json) {
            JsonOutput.print(out, run);
        } else if (folder) {
            csv(out, run, classifier);
        }
        if (done.isEmpty()) {
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

    /**
     * A folder's CSV: path, class (empty when unknown), then a probability column per class, or with --top K the K
     * likeliest as class_1,probability_1,...; with --unknown, unknown, nearest and distance_ratio last.
     */
    private static void csv(PrintWriter out, PredictionRun run, Classifier classifier) {
        List<String> classes = classifier.classes();
        int k = run.top() == 0 ? 0 : Math.min(run.top(), classes.size());
        StringBuilder header = new StringBuilder("path,class");
        if (k == 0) {
            classes.forEach(c -> header.append(',').append(field(c)));
        } else {
            for (int i = 1; i <= k; i++) {
                header.append(",class_").append(i).append(",probability_").append(i);
            }
        }
        boolean checked = classifier.checksUnknown();
        if (checked) {
            header.append(",unknown,nearest,distance_ratio");
        }
        out.println(header);
        for (PredictionRun.Row r : run.results()) {
            Prediction.Json p = r.prediction();
            StringBuilder line = new StringBuilder(field(r.path())).append(',')
                    .append(p.label() == null ? "" : field(p.label()));
            if (k == 0) {
                Map<String, Double> byClass = new java.util.HashMap<>();
                p.predictions().forEach(c -> byClass.put(c.label(), c.probability()));
                classes.forEach(c -> line.append(String.format(Locale.ROOT, ",%.6f", byClass.getOrDefault(c, 0.0))));
            } else {
                p.predictions().forEach(c -> line.append(',').append(field(c.label()))
                        .append(String.format(Locale.ROOT, ",%.6f", c.probability())));
            }
            if (checked) {
                line.append(',').append(p.unknown()).append(',').append(field(p.nearest()))
                        .append(String.format(Locale.ROOT, ",%.4f", p.distanceRatio()));
            }
            out.println(line);
        }
    }

    private static String field(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
