package dev.xfer.extract.pipeline;

import dev.xfer.common.Backbone;
import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureVector;
import dev.xfer.common.store.Rejected;
import dev.xfer.extract.dataset.ImageEntry;
import dev.xfer.extract.augment.Augmenter;
import dev.xfer.extract.image.ImageDecoder;
import dev.xfer.extract.image.UnreadableImageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decoding threads feed the conv base through a bounded queue: memory stays flat however many images there
 * are, and the conv base (the slow part) does not wait for decoding while the queue holds work.
 */
final class BatchRunner {
    /** An image to run: its own pixels (view 0) or augmented view {@code view}, drawn from {@code stream}. */
    record Job(ImageEntry entry, int view, long stream) {
    }

    /** Where finished shards go: durable when {@link #append} returns. */
    interface Shards {
        void append(List<FeatureVector> rows) throws IOException;
    }

    /** A decoded image, or the reason it could not be decoded. */
    private record Decoded(Job job, String sha256, float[] pixels, String problem) {
        ImageEntry entry() {
            return job.entry();
        }
    }

    private static final Decoded END = new Decoded(null, null, null, null);

    private BatchRunner() {
    }

    /**
     * Runs every job through the conv base and appends the features to {@code shards} shard by shard; images that
     * cannot be decoded go to {@code quarantine} (once per image, however many views it has). Returns the number
     * of feature vectors extracted.
     */
    static int extract(Backbone backbone, Map<String, Job> bySha, Shards shards, FeatureExtraction.Options o,
                       AugmentedViews views, Progress progress, List<Rejected> quarantine) throws IOException {
        if (bySha.isEmpty()) {
            return 0;
        }
        List<Map.Entry<String, Job>> work = new ArrayList<>(bySha.entrySet());
        int capacity = Math.max(4, 2 * o.batchSize());
        BlockingQueue<Decoded> queue = new ArrayBlockingQueue<>(capacity);
        // pixels cycle through a pool and one batch array: the heap stays flat however many images there are
        BlockingQueue<float[]> pixelPool = new ArrayBlockingQueue<>(capacity + o.batchSize() + o.threads());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "xfer-decode");
            t.setDaemon(true);
            return t;
        });
        for (int t = 0; t < o.threads(); t++) {
            pool.submit(() -> decodeLoop(work, next, queue, pixelPool, backbone.imageSize(), views));
        }
        int done = 0;
        int finishedWorkers = 0;
        int size = backbone.imageSize();
        int pixelsPerImage = size * size * 3;
        int shardRows = o.rowsPerShard(backbone.featureLength());
        List<Decoded> batch = new ArrayList<>();
        float[] in = new float[o.batchSize() * pixelsPerImage];
        List<FeatureVector> pending = new ArrayList<>();
        java.util.Set<String> refused = new java.util.HashSet<>();
        progress.start("extracting", work.size());
        try {
            while (finishedWorkers < o.threads()) {
                Decoded d = queue.take();
                if (d == END) {
                    finishedWorkers++;
                } else if (d.problem() != null) {
                    if (refused.add(d.entry().relative())) {
                        quarantine.add(new Rejected(d.entry().relative(), d.problem()));
                    }
                    progress.advance(1);
                } else {
                    batch.add(d);
                }
                if (batch.size() == o.batchSize() || (finishedWorkers == o.threads() && !batch.isEmpty())) {
                    for (int i = 0; i < batch.size(); i++) {
                        System.arraycopy(batch.get(i).pixels(), 0, in, i * pixelsPerImage, pixelsPerImage);
                        pixelPool.offer(batch.get(i).pixels());
                    }
                    float[] f = backbone.features(in, batch.size());
                    int len = backbone.featureLength();
                    for (int i = 0; i < batch.size(); i++) {
                        Decoded b = batch.get(i);
                        float[] row = new float[len];
                        System.arraycopy(f, i * len, row, 0, len);
                        pending.add(new FeatureVector(b.sha256(), row));
                    }
                    done += batch.size();
                    progress.advance(batch.size());
                    batch.clear();
                    if (pending.size() >= shardRows) {
                        shards.append(pending);
                        pending.clear();
                    }
                }
            }
            if (!pending.isEmpty()) {
                shards.append(pending);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
        return done;
    }

    private static void decodeLoop(List<Map.Entry<String, Job>> work, AtomicInteger next,
                                   BlockingQueue<Decoded> queue, BlockingQueue<float[]> pixelPool, int size,
                                   AugmentedViews views) {
        boolean anyViews = work.stream().anyMatch(w -> w.getValue().view() > 0);
        try (ImageDecoder decoder = new ImageDecoder(size);
             Augmenter augmenter = anyViews ? new Augmenter(views.spec(), size) : null) {
            for (int i; (i = next.getAndIncrement()) < work.size(); ) {
                Map.Entry<String, Job> w = work.get(i);
                Job job = w.getValue();
                Decoded d;
                float[] buffer = pixelPool.poll();
                if (buffer == null) {
                    buffer = new float[size * size * 3];
                }
                try {
                    float[] pixels = decoder.decode(job.entry().file(), buffer);
                    if (job.view() > 0) {
                        // the view number is the "epoch" of the draw: view k of an image is the same every run
                        pixels = augmenter.apply(pixels, 1, views.seed(), job.view(), job.stream());
                        pixelPool.offer(buffer);
                    }
                    d = new Decoded(job, w.getKey(), pixels, null);
                } catch (UnreadableImageException e) {
                    pixelPool.offer(buffer);
                    d = new Decoded(job, w.getKey(), null, e.reason());
                } catch (RuntimeException e) {
                    pixelPool.offer(buffer);
                    d = new Decoded(job, w.getKey(), null, "decoding failed: " + e.getMessage());
                }
                queue.put(d);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
