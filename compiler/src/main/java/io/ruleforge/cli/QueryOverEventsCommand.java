package io.ruleforge.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The commands that try a query on sample events ({@code eql}, {@code esql}): their {@code --events} and
 * {@code --mapping} options, and one way a run ends — an unreadable input file is an error naming it (exit code 1),
 * and the output is flushed whatever happens.
 */
abstract class QueryOverEventsCommand implements Callable<Integer> {

    @CommandLine.Mixin
    EventInputs inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (EventInputs.UnreadableInput e) {
            err.println(e.getMessage());
            return RuleforgeCli.EXIT_FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Runs the query over the events; the exit code. */
    abstract int run(PrintWriter out, PrintWriter err) throws EventInputs.UnreadableInput;
}
