package io.ruleforge.cli;

import io.ruleforge.diag.Code;
import io.ruleforge.report.CodeTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ruleforge explain RF2009}: what a diagnostic code means and what to do about it, from the one registry
 * ({@link Code}); without a code, every code with its title. An unknown code is a usage error naming the closest.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain a diagnostic code (e.g. RF2009): what it means and what to do. Without a code, list every code.")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "CODE", description = "A diagnostic code as reports print it, e.g. RF2009.")
    String code;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (code == null) {
            CodeTable.plainLines().forEach(spec.commandLine().getOut()::println);
            return RuleforgeCli.EXIT_OK;
        }
        Optional<Code> found = Code.find(code);
        if (found.isEmpty()) {
            spec.commandLine().getErr().println("ruleforge explain: " + unknown(code));
            return RuleforgeCli.EXIT_USAGE;
        }
        CodeTable.explanation(found.get()).forEach(spec.commandLine().getOut()::println);
        return RuleforgeCli.EXIT_OK;
    }

    private static String unknown(String given) {
        if (!given.strip().matches("(?i)RF\\d{4}")) {
            return "expected a diagnostic code such as RF2009, found \"" + given + "\"";
        }
        List<Code> nearest = Code.nearest(given);
        return "unknown diagnostic code " + given.strip() + (nearest.isEmpty() ? "" : "; did you mean "
                + String.join(" or ", nearest.stream().map(Code::id).toList()) + "?")
                + " (ruleforge explain lists every code)";
    }
}
