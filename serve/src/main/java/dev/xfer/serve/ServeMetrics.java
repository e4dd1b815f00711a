package dev.xfer.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What {@code GET /metrics} shows, in Prometheus' text format: requests by endpoint and status, errors by status,
 * request latency, batch sizes and run times, images classified, and images per second over the last ten seconds.
 */
final class ServeMetrics {
    private static final int WINDOW_SECONDS = 10;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("xfer_requests_total")
            .help("HTTP requests answered, by endpoint and status.").labelNames("endpoint", "status").register(registry);
    private final Counter errors = Counter.builder().name("xfer_errors_total")
            .help("Requests answered with a 4xx or 5xx, by status.").labelNames("status").register(registry);
    private final Histogram latency = Histogram.builder().name("xfer_request_duration_seconds")
            .help("Time from a request's arrival to its answer, by endpoint.").labelNames("endpoint").classicOnly()
            .classicUpperBounds(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10).register(registry);
    private final Histogram batchSize = Histogram.builder().name("xfer_batch_size")
            .help("Images in each conv-base run.").classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
    private final Histogram batchSeconds = Histogram.builder().name("xfer_batch_duration_seconds")
            .help("Time of each conv-base and head run.").classicOnly()
            .classicUpperBounds(.01, .025, .05, .1, .25, .5, 1, 2.5, 5).register(registry);
    private final Counter refusedFiles = Counter.builder().name("xfer_refused_files_total")
            .help("Files of multipart requests answered with an error of their own, by status.").labelNames("status")
            .register(registry);
    private final Counter images = Counter.builder().name("xfer_images_total")
            .help("Images classified.").register(registry);
    private final long[] perSecond = new long[WINDOW_SECONDS];
    private final long[] secondOf = new long[WINDOW_SECONDS];

    ServeMetrics() {
        GaugeWithCallback.builder().name("xfer_images_per_second")
                .help("Images classified per second over the last " + WINDOW_SECONDS + " seconds.")
                .callback(cb -> cb.call(rate())).register(registry);
    }

    void request(String endpoint, int status, double seconds) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
        latency.labelValues(endpoint).observe(seconds);
        if (status >= 400) {
            errors.labelValues(Integer.toString(status)).inc();
        }
    }

    void refusedFile(int status) {
        refusedFiles.labelValues(Integer.toString(status)).inc();
    }

    void batch(int size, double seconds) {
        batchSize.observe(size);
        batchSeconds.observe(seconds);
        images.inc(size);
        long now = System.currentTimeMillis() / 1000;
        synchronized (perSecond) {
            int slot = (int) (now % WINDOW_SECONDS);
            if (secondOf[slot] != now) {
                secondOf[slot] = now;
                perSecond[slot] = 0;
            }
            perSecond[slot] += size;
        }
    }

    double rate() {
        long now = System.currentTimeMillis() / 1000;
        long sum = 0;
        synchronized (perSecond) {
            for (int i = 0; i < WINDOW_SECONDS; i++) {
                if (now - secondOf[i] < WINDOW_SECONDS) {
                    sum += perSecond[i];
                }
            }
        }
        return sum / (double) WINDOW_SECONDS;
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(out, registry.scrape());
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
