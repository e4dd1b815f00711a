package dev.xfer.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xfer completion bash|zsh}: picocli's completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        header = "Print a shell completion script for bash or zsh.",
        description = {"Print a completion script for every xfer command and option. The script is picocli's "
                + "bash script; zsh runs it through bashcompinit."},
        footer = {"", "Examples:", "  source <(xfer completion bash)            # this shell",
                "  xfer completion bash > ~/.local/share/bash-completion/completions/xfer",
                "  xfer completion zsh > ~/.zfunc/_xfer        # or: source <(xfer completion zsh) in ~/.zshrc"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells picocli's script supports. */
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("xfer", XferCommand.full());
        var out = spec.commandLine().getOut();
        if (shell == Shell.zsh && !script.contains("bashcompinit")) {
            out.println("autoload -U +X compinit && compinit");
            out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        out.print(script);
        out.flush();
        return XferCommand.OK;
    }
}
