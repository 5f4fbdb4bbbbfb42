package dev.loadlab.lab;

import dev.loadlab.lab.reliability.OverloadCommand;
import dev.loadlab.lab.reliability.ResilienceCommand;
import dev.loadlab.lab.reliability.SoakCommand;
import dev.loadlab.lab.run.LabException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./lab}: the load lab's command line. */
@Command(name = "lab", mixinStandardHelpOptions = true, version = "loadlab 0.1.0",
        description = {"The load lab: does async upstream I/O make a Helidon service scale, and by how much?",
                "Runs Gatling against the service's blocking, virtual and async modes (or your own service),"
                        + " writes machine-readable results and reports, compares runs and gates CI."},
        subcommands = {CompareCommand.class, ReportCommand.class, DiffCommand.class, GateCommand.class,
                BaselineCommand.class, StubsCommand.class, RecordCommand.class,
                InjectCommand.class, MergeCommand.class,
                ResilienceCommand.class, OverloadCommand.class, SoakCommand.class,
                CommandLine.HelpCommand.class})
public final class Lab {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; errors the user can fix are one line on stderr, with the exit code they carry. */
    public static int run(String... args) {
        return run(new CommandLine(new Lab()), args);
    }

    /** The same on a given command line, e.g. one whose error stream a test reads. */
    static int run(CommandLine commandLine, String... args) {
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof LabException lab) {
                cmd.getErr().println("lab: " + lab.getMessage());
                return lab.exitCode();
            }
            throw e;
        });
        commandLine.setParameterExceptionHandler((e, parsedArgs) -> {
            CommandLine cmd = e.getCommandLine();
            // the full path from the root command "lab", e.g. "./lab baseline save --help"
            String help = "./" + cmd.getCommandSpec().qualifiedName(" ") + " --help";
            cmd.getErr().println("lab: " + e.getMessage() + " (see " + help + ")");
            return 2;
        });
        return commandLine.execute(args);
    }
}
