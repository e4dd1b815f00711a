package dev.xfer.serve;

import dev.xfer.common.BadInputException;
import java.time.Duration;

/**
 * How the server listens and what it accepts.
 *
 * @param host      the address to bind (127.0.0.1 by default: only this machine)
 * @param port      the port (0: any free one)
 * @param maxBatch  most images in one conv-base run
 * @param maxWait   how long the first image of a batch waits for others
 * @param queue     most images waiting or running at once; more are answered 429
 * @param maxBytes  largest encoded image accepted (413 beyond)
 * @param maxPixels largest width x height accepted, read from the header before decoding (413 beyond)
 * @param maxFiles  most files in one multipart request
 * @param drain     how long SIGTERM waits for requests in flight
 */
public record ServeConfig(String host, int port, int maxBatch, Duration maxWait, int queue, long maxBytes,
                          long maxPixels, int maxFiles, Duration drain) {
    public ServeConfig {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port " + port + ": use 0 (any free port) to 65535");
        }
        if (maxBatch < 1 || queue < maxBatch) {
            throw new BadInputException("--max-batch " + maxBatch + ", --queue " + queue
                    + ": a batch holds at least one image and the queue at least one batch");
        }
        if (maxWait.isNegative() || maxBytes < 1 || maxPixels < 1 || maxFiles < 1) {
            throw new BadInputException("--max-wait-ms, --max-bytes, --max-pixels and --max-files must be positive");
        }
    }

    public static ServeConfig defaults() {
        return new ServeConfig("127.0.0.1", 8080, 32, Duration.ofMillis(5), 256, 10L << 20, 40_000_000L, 32,
                Duration.ofSeconds(30));
    }

    public ServeConfig withPort(int p) {
        return new ServeConfig(host, p, maxBatch, maxWait, queue, maxBytes, maxPixels, maxFiles, drain);
    }
}
