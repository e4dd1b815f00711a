package dev.xfer.serve;

import dev.xfer.predict.Classifier;
import dev.xfer.predict.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Joins images of concurrent requests into one conv-base run: the first image waiting opens a batch, which runs when
 * it holds {@code maxBatch} images or {@code maxWait} has passed. One thread runs the classifier, so it needs no
 * locking; at most {@code capacity} images wait or run at once, and a request that would exceed it is refused (429)
 * rather than queued without bound.
 */
final class MicroBatcher implements AutoCloseable {
    private record Job(float[] pixels, CompletableFuture<Prediction> result) {
    }

    private final Classifier classifier;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Semaphore room;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final ServeMetrics metrics;
    private final Thread worker;
    private volatile boolean closing;

    MicroBatcher(Classifier classifier, int maxBatch, Duration maxWait, int capacity, ServeMetrics metrics) {
        this.classifier = classifier;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.room = new Semaphore(capacity);
        this.metrics = metrics;
        this.worker = Thread.ofPlatform().name("xfer-batcher").daemon().start(this::loop);
    }

    /** Queues all of {@code images} (or none of them: 429 when the queue has no room for all). */
    List<CompletableFuture<Prediction>> submit(List<float[]> images) {
        if (closing) {
            throw ApiError.unavailable("the server is stopping");
        }
        if (!room.tryAcquire(images.size())) {
            throw ApiError.busy("the queue is full (" + queued() + " images waiting); retry shortly");
        }
        List<CompletableFuture<Prediction>> out = new ArrayList<>(images.size());
        for (float[] px : images) {
            CompletableFuture<Prediction> f = new CompletableFuture<>();
            queue.add(new Job(px, f));
            out.add(f);
        }
        return out;
    }

    int queued() {
        return queue.size();
    }

    private void loop() {
        int pixels = classifier.imageSize() * classifier.imageSize() * 3;
        float[] batch = new float[maxBatch * pixels];
        List<Job> jobs = new ArrayList<>(maxBatch);
        while (!(closing && queue.isEmpty())) {
            try {
                Job first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                jobs.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (jobs.size() < maxBatch) {
                    Job next = queue.poll();
                    if (next == null) {
                        long left = deadline - System.nanoTime();
                        next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                        if (next == null) {
                            break;
                        }
                    }
                    jobs.add(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            run(jobs, batch, pixels);
            jobs.clear();
        }
        queue.forEach(j -> j.result().completeExceptionally(ApiError.unavailable("the server is stopping")));
    }

    private void run(List<Job> jobs, float[] batch, int pixels) {
        long start = System.nanoTime();
        try {
            for (int i = 0; i < jobs.size(); i++) {
                System.arraycopy(jobs.get(i).pixels(), 0, batch, i * pixels, pixels);
            }
            List<Prediction> p = classifier.classify(batch, jobs.size());
            for (int i = 0; i < jobs.size(); i++) {
                jobs.get(i).result().complete(p.get(i));
            }
            metrics.batch(jobs.size(), (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException | Error e) {
            jobs.forEach(j -> j.result().completeExceptionally(e));
        } finally {
            room.release(jobs.size());
        }
    }

    /** Takes no more images, finishes those queued, stops the worker (waiting at most {@code wait}). */
    @Override
    public void close() {
        closing = true;
        try {
            worker.join(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
