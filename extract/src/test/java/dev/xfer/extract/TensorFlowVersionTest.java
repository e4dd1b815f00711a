package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.xfer.common.XferVersion;
import org.junit.jupiter.api.Test;

/** What {@code xfer --version} prints without loading TensorFlow is what the loaded library says. */
class TensorFlowVersionTest {
    @Test
    void theRecordedVersionsAreTheLoadedOnes() {
        assertEquals(Backbones.tensorflowVersion(), XferVersion.tensorflow(),
                "update tensorflow.runtime.version in the parent pom");
        assertEquals(Backbones.tensorflowJavaVersion(), XferVersion.tensorflowJava());
    }
}
