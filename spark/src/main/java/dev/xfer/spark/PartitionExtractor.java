package dev.xfer.spark;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.store.FeatureVector;
import dev.xfer.common.store.Rejected;
import dev.xfer.common.store.ShardFile;
import dev.xfer.extract.image.ImageDecoder;
import dev.xfer.extract.savedmodel.SavedModelBackbone;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.TaskContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The executor side: one partition of images (sized by bytes), decoded with the same TensorFlow decoders as local
 * extraction, run through the JVM's conv base in batches, written as shards into this attempt's staging folder
 * of the store. A bad image becomes a rejection, never a failed task.
 */
public final class PartitionExtractor implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Storage data;
    private final Storage store;
    private final ModelFiles model;
    private final String provenanceJson;
    private final String job;
    private final int batchSize;
    private final int shardRows;
    private final LongAccumulator done;

    public PartitionExtractor(Storage data, Storage store, ModelFiles model, Provenance provenance, String job,
                              int batchSize, int shardRows, LongAccumulator done) {
        this.data = data;
        this.store = store;
        this.model = model;
        this.provenanceJson = provenance.toJson();
        this.job = job;
        this.batchSize = batchSize;
        this.shardRows = shardRows;
        this.done = done;
    }

    public PartitionResult run(TaskContext task, Iterator<ImageFile> images) throws IOException {
        long t0 = System.nanoTime();
        Provenance p = Provenance.fromJson(provenanceJson);
        SavedModelBackbone backbone = ConvBaseHolder.get(store, model, p);
        String staging = dev.xfer.common.store.StoreWriter.STAGING + "/" + job + "/p" + task.partitionId() + "-a"
                + task.attemptNumber();
        Storage out = store.child(staging);
        List<String> shards = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        List<FeatureVector> pending = new ArrayList<>();
        List<String> batchKeys = new ArrayList<>();
        int pixels = backbone.imageSize() * backbone.imageSize() * 3;
        float[] batch = new float[batchSize * pixels];
        int extracted = 0;
        try (ImageDecoder decoder = new ImageDecoder(backbone.imageSize());
             RootAllocator allocator = new RootAllocator()) {
            while (images.hasNext()) {
                ImageFile img = images.next();
                try {
                    float[] px = decoder.decode(data.read(img.relative()), img.relative());
                    System.arraycopy(px, 0, batch, batchKeys.size() * pixels, pixels);
                    batchKeys.add(img.sha256());
                } catch (BadInputException | IOException e) {
                    rejected.add(new Rejected(img.relative(), reason(e)));
                }
                if (batchKeys.size() == batchSize || !images.hasNext() && !batchKeys.isEmpty()) {
                    float[] f = backbone.features(batch, batchKeys.size());
                    int len = backbone.featureLength();
                    for (int i = 0; i < batchKeys.size(); i++) {
                        float[] row = new float[len];
                        System.arraycopy(f, i * len, row, 0, len);
                        pending.add(new FeatureVector(batchKeys.get(i), row));
                    }
                    extracted += batchKeys.size();
                    done.add(batchKeys.size());
                    batchKeys.clear();
                    if (pending.size() >= shardRows) {
                        shards.add(ShardFile.write(out, p, pending, allocator));
                        pending.clear();
                    }
                }
            }
            if (!pending.isEmpty()) {
                shards.add(ShardFile.write(out, p, pending, allocator));
            }
        }
        return new PartitionResult(task.partitionId(), task.attemptNumber(), staging, shards, extracted, rejected,
                ProcessHandle.current().pid(), ConvBaseHolder.loads(), (System.nanoTime() - t0) / 1e9);
    }

    private static String reason(Exception e) {
        if (e instanceof dev.xfer.extract.image.UnreadableImageException u) {
            return u.reason();
        }
        return "cannot read: " + e.getMessage();
    }
}
