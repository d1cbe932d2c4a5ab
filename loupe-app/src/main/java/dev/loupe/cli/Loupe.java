package dev.loupe.cli;

import dev.loupe.LoupeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code loupe} command line. Each sub-command is its own class; this class only wires them and turns
 * {@link LoupeException}s into one-line errors with a non-zero exit code.
 */
@Command(name = "loupe", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "See inside convolutional neural networks: train, explain, visualize.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Loupe implements Runnable {
    /** Exit code for a user error (bad input, unknown name, corrupt file). */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line, with every sub-command registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Loupe());
        for (Object command : Commands.all()) {
            cl.addSubcommand(command);
        }
        cl.setExecutionExceptionHandler(Loupe::handleExecutionException);
        cl.setParameterExceptionHandler(Loupe::handleParameterException);
        return cl;
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args));
    }

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable t = e;
        while (!(t instanceof LoupeException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof LoupeException) {
            err.println("loupe " + cl.getCommandName() + ": " + t.getMessage());
            err.flush();
            return USER_ERROR;
        }
        if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
            err.println("loupe " + cl.getCommandName() + ": " + e.getMessage());
            err.flush();
            return USER_ERROR;
        }
        err.println("loupe " + cl.getCommandName() + ": internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("loupe " + e.getCommandLine().getCommandName() + ": " + e.getMessage());
        err.println("try: loupe " + e.getCommandLine().getCommandName() + " --help");
        err.flush();
        return USER_ERROR;
    }
}
