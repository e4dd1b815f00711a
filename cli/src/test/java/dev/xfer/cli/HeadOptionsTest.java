package dev.xfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.spec.HeadType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** head train's and compare's hyperparameter flags are the keys the specs take, with the defaults help shows. */
class HeadOptionsTest {
    @Test
    void everyKeyAHeadTakesIsAFlagWhoseShownDefaultIsTheSpecsDefault() {
        CommandSpec options = CommandSpec.forAnnotatedObject(new HeadOptions());
        for (HeadType type : HeadType.values()) {
            for (String key : HeadSpec.keys(type)) {
                String flag = "--" + key.replace('_', '-');
                OptionSpec o = options.findOption(flag);
                assertNotNull(o, type + " takes " + key + ": head train needs " + flag);
                if (o.defaultValue() != null) {
                    assertEquals(HeadSpec.defaults(type, 42), HeadSpec.of(type, 42, Map.of(flag, o.defaultValue())),
                            flag + "'s default in --help is " + type + "'s default");
                }
            }
        }
    }
}
