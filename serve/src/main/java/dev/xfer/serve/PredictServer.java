package dev.xfer.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.predict.Classifier;
import dev.xfer.predict.Prediction;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The HTTP face of a {@link Classifier}: {@code POST /v1/predict} (an image body, or multipart files, each answered
 * on its own: a prediction or its error), {@code GET /v1/health}, {@code GET /v1/model} and {@code GET /metrics}.
 * An answer is {@link Prediction#json}, the shape {@code xfer predict --json} prints. Every refusal is a 4xx with a
 * one-line {@code {"error": ...}} (405 with {@code Allow} for another method on a known path); {@link #stop} stops
 * accepting connections, answers the requests in flight and returns.
 */
public final class PredictServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ANSWER_TIMEOUT_SECONDS = 120;
    /** Every path served and the one method it answers. */
    private static final Map<String, String> ENDPOINTS = Map.of("/v1/predict", "POST", "/v1/health", "GET",
            "/v1/model", "GET", "/metrics", "GET");

    private final Classifier classifier;
    private final ServeConfig config;
    private final ServeMetrics metrics = new ServeMetrics();
    private final ImageIntake intake;
    private final MicroBatcher batcher;
    private final Javalin app;
    private final java.util.concurrent.atomic.AtomicInteger predicting = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean draining;

    private PredictServer(Classifier classifier, ServeConfig config) {
        this.classifier = classifier;
        this.config = config;
        this.intake = new ImageIntake(classifier.imageSize(), config.maxBytes(), config.maxPixels(),
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.batcher = new MicroBatcher(classifier, config.maxBatch(), config.maxWait(), config.queue(), metrics);
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.jetty.multipartConfig.maxFileSize(config.maxBytes(), SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(config.maxBytes() * config.maxFiles() + 65536, SizeUnit.BYTES);
            c.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, config.maxBytes()),
                    SizeUnit.BYTES);
            // Jetty's own graceful stop: connectors stop accepting, requests in flight finish, then it stops
            c.jetty.modifyServer(s -> {
                s.insertHandler(new GracefulHandler());
                s.setStopTimeout(config.drain().toMillis());
            });
            // the endpoints as ENDPOINTS lists them
            c.routes.post("/v1/predict", answered("predict", this::predict));
            c.routes.get("/v1/health", answered("health", this::health));
            c.routes.get("/v1/model", answered("model", this::model));
            c.routes.get("/metrics", answered("metrics", this::metricsPage));
            c.routes.error(404, this::notFound);
        });
    }

    /**
     * An unknown path is a 404; a known one asked with another method is a 405 naming the method it takes
     * ({@code Allow}), as HTTP says.
     */
    private void notFound(Context ctx) {
        String allowed = ENDPOINTS.get(ctx.path());
        if (allowed != null && !allowed.equals(ctx.method().name())) {
            ctx.header("Allow", allowed);
            error(ctx, 405, ctx.method() + " " + ctx.path() + " is not allowed; use " + allowed + " " + ctx.path());
            return;
        }
        error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path()
                + "; try POST /v1/predict, GET /v1/health, GET /v1/model or GET /metrics");
    }

    /** Starts serving {@code classifier}; {@link #port()} is the port bound (useful with port 0). */
    public static PredictServer start(Classifier classifier, ServeConfig config) {
        PredictServer s = new PredictServer(classifier, config);
        try {
            s.app.start();
        } catch (RuntimeException e) {
            s.batcher.close();
            s.intake.close();
            throw e;
        }
        return s;
    }

    public int port() {
        return app.port();
    }

    private Handler answered(String endpoint, Handler h) {
        return ctx -> {
            long start = System.nanoTime();
            try {
                h.handle(ctx);
            } catch (ApiError e) {
                error(ctx, e.status(), e.getMessage());
            } catch (Exception e) {
                // not the request's fault: a 500 that still answers in JSON, and is counted
                error(ctx, 500, "internal error: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
            metrics.request(endpoint, ctx.statusCode(), (System.nanoTime() - start) / 1e9);
        };
    }

    /** The request's files; a body Jetty's multipart parser refuses is the client's error (400, or 413 if large). */
    private List<UploadedFile> uploadedFiles(Context ctx) {
        try {
            return ctx.uploadedFiles();
        } catch (Exception e) { // Kotlin code: the servlet's checked exceptions arrive undeclared
            boolean tooLarge = false;
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                tooLarge |= m.contains("exceed") || m.contains("too large") || m.contains("413");
            }
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw tooLarge ? ApiError.tooLarge("multipart request too large (--max-bytes per file): " + m)
                    : ApiError.badRequest("unreadable multipart request: " + m);
        }
    }

    private void predict(Context ctx) throws Exception {
        // no refusal while draining: Jetty's graceful stop already refuses what arrives after it began, and a
        // request it let in is in flight, to be answered
        predicting.incrementAndGet();
        try {
            classify(ctx);
        } finally {
            predicting.decrementAndGet();
        }
    }

    private void classify(Context ctx) throws Exception {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            classifyFiles(ctx);
            return;
        }
        intake.checkLength(ctx.req().getContentLengthLong(), "body");
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = intake.read(in, "body");
        } catch (IOException e) {
            throw ApiError.badRequest("the body could not be read (" + e.getMessage() + ")");
        }
        List<Prediction> answers = await(batcher.submit(List.of(intake.decode(bytes, "body"))));
        json(ctx, 200, answers.getFirst().json(0));
    }

    /**
     * Each file part answers for itself: a prediction, or {@code {"file", "error"}} for a file that is too large or
     * not an image; the request is a 200 when it is well-formed multipart within --max-files.
     */
    private void classifyFiles(Context ctx) throws Exception {
        List<UploadedFile> files = uploadedFiles(ctx);
        if (files.isEmpty()) {
            throw ApiError.badRequest("multipart request without files; send each image as a file part");
        }
        if (files.size() > config.maxFiles()) {
            throw ApiError.tooLarge(files.size() + " files, over the limit of " + config.maxFiles()
                    + " (--max-files)");
        }
        List<String> names = new ArrayList<>();
        FileAnswer[] answers = new FileAnswer[files.size()];
        List<Integer> decoded = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        for (UploadedFile f : files) {
            int i = names.size();
            String name = f.filename() == null || f.filename().isBlank() ? "file " + (i + 1) : f.filename();
            names.add(name);
            try {
                intake.checkLength(f.size(), name);
                byte[] bytes;
                try (InputStream in = f.content()) {
                    bytes = intake.read(in, name);
                } catch (IOException e) {
                    throw ApiError.badRequest(name + ": could not be read (" + e.getMessage() + ")");
                }
                pixels.add(intake.decode(bytes, name));
                decoded.add(i);
            } catch (ApiError e) {
                if (e.status() != 400 && e.status() != 413) {
                    throw e; // the server's state (stopping), not the file's
                }
                answers[i] = FileAnswer.refused(name, e.getMessage());
                metrics.refusedFile(e.status());
            }
        }
        if (!pixels.isEmpty()) {
            List<Prediction> p = await(batcher.submit(pixels));
            for (int j = 0; j < p.size(); j++) {
                int i = decoded.get(j);
                answers[i] = FileAnswer.of(names.get(i), p.get(j));
            }
        }
        json(ctx, 200, new MultipartAnswer(List.of(answers)));
    }

    private static List<Prediction> await(List<CompletableFuture<Prediction>> futures) throws InterruptedException {
        List<Prediction> out = new ArrayList<>(futures.size());
        try {
            for (CompletableFuture<Prediction> f : futures) {
                out.add(f.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
        } catch (TimeoutException e) {
            throw ApiError.unavailable("no answer within " + ANSWER_TIMEOUT_SECONDS + " s; the server is overloaded");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiError a) {
                throw a;
            }
            throw new IllegalStateException("classifying failed: " + e.getCause(), e.getCause());
        }
        return out;
    }

    private void health(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", draining ? "stopping" : "ok");
        m.put("in_flight", predicting.get());
        m.put("queued", batcher.queued());
        json(ctx, draining ? 503 : 200, m);
    }

    private void model(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", classifier.source().toString());
        m.put("classes", classifier.classes());
        m.put("image_size", classifier.imageSize());
        m.put("unknown_check", classifier.checksUnknown());
        m.put("provenance", classifier.provenance());
        m.put("metrics", classifier.metrics());
        m.put("max_batch", config.maxBatch());
        m.put("max_wait_ms", config.maxWait().toMillis());
        json(ctx, 200, m);
    }

    private void metricsPage(Context ctx) {
        ctx.status(200).contentType(metrics.contentType()).result(metrics.scrape());
    }

    private static void json(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void error(Context ctx, int status, String message) {
        if (status == 413 || status == 400) {
            // the rest of an oversized or unreadable body is not read, so Jetty closes the connection after the answer;
            // saying so keeps a client from sending its next request down it (seen: "header parser received no bytes"
            // on the request after an unreadable multipart one)
            ctx.header("Connection", "close");
        }
        json(ctx, status, Map.of("error", message.replace('\n', ' ')));
    }

    /**
     * Stops accepting, answers what is in flight (Jetty's graceful stop, at most the drain time), then stops the
     * batcher and the decoders. The classifier stays open: its owner closes it.
     */
    public void stop() {
        draining = true;
        app.stop();
        batcher.close();
        intake.close();
    }

    @Override
    public void close() {
        stop();
    }
}
