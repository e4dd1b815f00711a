package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.extract.graph.Device;
import dev.xfer.predict.Classifier;
import dev.xfer.predict.Classifiers;
import dev.xfer.predict.PredictOptions;
import dev.xfer.serve.PredictServer;
import dev.xfer.serve.ServeConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xfer serve}: a head or fine-tuned model behind HTTP until SIGTERM (the server is {@link PredictServer}). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serve a head or fine-tuned model over HTTP.",
        description = {"Serve a head or fine-tuned model over HTTP.",
            "",
            "POST /v1/predict takes an image body (image/jpeg, image/png, ...) or "
                + "multipart/form-data files and answers JSON classes, likeliest first (for multipart, one "
                + "answer per file: its classes, or its own error). GET /v1/health, "
                + "GET /v1/model (classes, provenance, metrics), GET /metrics (Prometheus). Concurrent "
                + "requests share one conv-base batch. Bad input is a 400 or 413, a full queue 429, another "
                + "method on a known path 405. "
                + "SIGTERM or Ctrl-C stops accepting, answers what is in flight and exits 0."},
        footer = {"", "Examples:", "  xfer serve --head heads/best-pets-1a2b3c4d5e6f --port 8080",
                "  curl -s --data-binary @cat.jpg -H 'Content-Type: image/jpeg' http://127.0.0.1:8080/v1/predict",
                "  curl -s -F a=@cat.jpg -F b=@dog.jpg http://127.0.0.1:8080/v1/predict"})
final class ServeCommand implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    PredictCommand.ModelOption source;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "P",
            description = "Port (0: any free one, printed at start). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--max-batch", defaultValue = "32", paramLabel = "N",
            description = "Most images in one conv-base run. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "5", paramLabel = "MS",
            description = "How long a batch waits for more images. Default: ${DEFAULT-VALUE}.")
    long maxWaitMs;

    @Option(names = "--queue", defaultValue = "256", paramLabel = "N",
            description = "Most images waiting at once; more are answered 429. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Option(names = "--max-bytes", defaultValue = "10485760", paramLabel = "B",
            description = "Largest image accepted, in bytes (413 beyond). Default: ${DEFAULT-VALUE}.")
    long maxBytes;

    @Option(names = "--max-pixels", defaultValue = "40000000", paramLabel = "N",
            description = "Largest width x height accepted, read before decoding (413 beyond). Default: "
                    + "${DEFAULT-VALUE}.")
    long maxPixels;

    @Option(names = "--max-files", defaultValue = "32", paramLabel = "N",
            description = "Most files in one multipart request. Default: ${DEFAULT-VALUE}.")
    int maxFiles;

    @Option(names = "--drain-seconds", defaultValue = "30", paramLabel = "S",
            description = "On SIGTERM, how long to wait for requests in flight. Default: ${DEFAULT-VALUE}.")
    int drainSeconds;

    @Option(names = "--unknown", description = "Mark photos far from every class: \"class\": null, \"unknown\": true, "
            + "\"nearest\": CLASS.")
    boolean unknown;

    @Option(names = "--weights", paramLabel = "W",
            description = "The backbone's weights file, when it is no longer where the cache was extracted from.")
    String weights;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServeConfig config = new ServeConfig(host, port, maxBatch, Duration.ofMillis(maxWaitMs), queue, maxBytes,
                maxPixels, maxFiles, Duration.ofSeconds(drainSeconds));
        CountDownLatch stop = new CountDownLatch(1);
        try (Classifier c = Classifiers.open(source.ref(), new PredictOptions(Device.parse(device), weights, unknown))) {
            PredictServer server;
            try {
                server = PredictServer.start(c, config);
            } catch (RuntimeException e) {
                throw new BadInputException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "); choose another --port or stop what uses it", e);
            }
            // SIGTERM and Ctrl-C end the wait below, so the server drains and the command returns 0 (a shutdown
            // hook alone would leave the JVM's 143)
            sun.misc.SignalHandler onSignal = sig -> stop.countDown();
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), onSignal);
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), onSignal);
            var out = spec.commandLine().getOut();
            out.printf("serving %s on http://%s:%d (POST /v1/predict, GET /v1/health, /v1/model, /metrics)%n",
                    c.source(), host, server.port());
            out.flush();
            stop.await();
            spec.commandLine().getErr().println("xfer: stopping: answering requests in flight");
            spec.commandLine().getErr().flush();
            server.stop();
        }
        spec.commandLine().getOut().println("stopped");
        return XferCommand.OK;
    }
}
