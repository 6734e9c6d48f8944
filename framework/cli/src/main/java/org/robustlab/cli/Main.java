package org.robustlab.cli;

import java.io.PrintWriter;
import org.robustlab.api.RobustlabException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code robustlab run|plugins|site|view|bench}. */
@Command(name = "robustlab", mixinStandardHelpOptions = true, version = "robustlab 0.1.0",
        description = "Compose, run and publish studies of neural-representation robustness.",
        subcommands = {RunCommand.class, PluginsCommand.class, SiteCommand.class, ExportCommand.class, ViewCommand.class, BenchCommand.class,
                NewPluginCommand.class})
public final class Main {
    /** Exit code for errors the user can fix (bad script, data, plugin). */
    public static final int USER_ERROR = 2;
    /** Exit code for unexpected failures. */
    public static final int INTERNAL_ERROR = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        return cli.execute(args);
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean debug = parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug");
        if (e instanceof RobustlabException) {
            err.println("error: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return USER_ERROR;
        }
        err.println("internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return INTERNAL_ERROR;
    }
}
