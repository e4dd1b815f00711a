package dev.xfer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code xfer backbone}: conv bases, built in or imported as SavedModels. */
@Command(name = "backbone", mixinStandardHelpOptions = true,
        header = "Import, list, inspect and compare conv bases.",
        description = {"Import, list, inspect and compare conv bases (vgg16, inception_v3, squeezenet or any "
                + "SavedModel)."},
        subcommands = {BackboneImportCommand.class, BackboneListCommand.class, BackboneSummaryCommand.class,
                BackboneFeaturesCommand.class, BackboneCompareCommand.class})
final class BackboneCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage, as for any other usage error. */
    @Override
    public Integer call() {
        return Usage.missingSubcommand(spec);
    }
}
