package dev.xfer.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The two functions {@code SparkContext.runJob} takes, in Java: the task (serialised to the executors) and the
 * result handler (run on the driver once per partition, for the attempt Spark keeps). runJob is the one job API
 * that hands each partition's result to the driver as it arrives, which lets the driver publish it at once.
 */
final class ScalaFunctions {
    private ScalaFunctions() {
    }

    /** Runs {@link PartitionExtractor} on a partition. */
    static final class Task extends AbstractFunction2<TaskContext, scala.collection.Iterator<ImageFile>,
            PartitionResult> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final PartitionExtractor extractor;

        Task(PartitionExtractor extractor) {
            this.extractor = extractor;
        }

        @Override
        public PartitionResult apply(TaskContext context, scala.collection.Iterator<ImageFile> images) {
            try {
                return extractor.run(context, CollectionConverters.asJava(images));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Hands each kept result to a Java consumer on the driver. */
    static final class Handler extends AbstractFunction2<Object, PartitionResult, BoxedUnit> {
        private final java.util.function.Consumer<PartitionResult> consumer;

        Handler(java.util.function.Consumer<PartitionResult> consumer) {
            this.consumer = consumer;
        }

        @Override
        public BoxedUnit apply(Object partition, PartitionResult result) {
            consumer.accept(result);
            return BoxedUnit.UNIT;
        }
    }
}
