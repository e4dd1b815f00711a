package dev.xfer.common.export;

import dev.xfer.common.store.FeatureTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Parquet through parquet-java's local-file API (no Hadoop file system; hadoop-common is on the class path
 * only for the classes the writer names). Uncompressed: every codec is looked up through a Hadoop
 * Configuration, which would need Hadoop's own dependencies, and float features barely compress. Features are a standard three-level LIST of FLOAT, which pyarrow
 * and pandas read as a list column.
 */
final class ParquetTable {
    private ParquetTable() {
    }

    static MessageType schema() {
        return Types.buildMessage()
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("label")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("split")
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("sha256")
                .required(PrimitiveTypeName.INT32).named("view")
                .requiredList().requiredElement(PrimitiveTypeName.FLOAT).named("features")
                .named("xfer_features");
    }

    static void write(FeatureTable t, Path file) throws IOException {
        MessageType schema = schema();
        SimpleGroupFactory rows = new SimpleGroupFactory(schema);
        try (var w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withExtraMetaData(Map.of("xfer.provenance", t.provenance().toJson(),
                        "xfer.classes", String.join("\n", t.classes()), "xfer.snapshot", t.source().shortId()))
                .build()) {
            float[] x = t.features();
            for (int i = 0; i < t.rows(); i++) {
                Group g = rows.newGroup().append("path", t.paths().get(i)).append("sha256", t.sha256().get(i))
                        .append("view", t.views()[i]);
                if (t.labels()[i] >= 0) {
                    g.append("label", t.classes().get(t.labels()[i]));
                }
                if (t.splits().get(i) != null) {
                    g.append("split", t.splits().get(i).label());
                }
                Group list = g.addGroup("features");
                for (int j = 0; j < t.dim(); j++) {
                    list.addGroup("list").append("element", x[i * t.dim() + j]);
                }
                w.write(g);
            }
        }
    }
}
