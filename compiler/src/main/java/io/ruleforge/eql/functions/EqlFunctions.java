package io.ruleforge.eql.functions;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.ruleforge.eql.functions.Parameter.constant;
import static io.ruleforge.eql.functions.Parameter.of;
import static io.ruleforge.eql.functions.ValueType.BOOLEAN;
import static io.ruleforge.eql.functions.ValueType.IP;
import static io.ruleforge.eql.functions.ValueType.NUMBER;
import static io.ruleforge.eql.functions.ValueType.STRING;
import static io.ruleforge.eql.functions.ValueType.UNKNOWN;

/**
 * The functions Elasticsearch 8.x/9.x EQL knows (EQL_SPEC §3), looked up case-insensitively as Elasticsearch does.
 * Python-only functions ({@code wildcard}, {@code arrayContains} …) are deliberately absent.
 */
public final class EqlFunctions {

    private static final Map<String, EqlFunction> BY_LOWER_NAME = build();

    private EqlFunctions() {
    }

    /** The function called {@code name} in any letter case. */
    public static Optional<EqlFunction> lookup(String name) {
        return Optional.ofNullable(BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every function, sorted by lower-case name. */
    public static List<EqlFunction> all() {
        return List.copyOf(BY_LOWER_NAME.values());
    }

    private static Map<String, EqlFunction> build() {
        Map<String, EqlFunction> m = new TreeMap<>();
        math(m, "add", Arithmetic.Op.ADD);
        math(m, "subtract", Arithmetic.Op.SUBTRACT);
        math(m, "multiply", Arithmetic.Op.MULTIPLY);
        math(m, "divide", Arithmetic.Op.DIVIDE);
        math(m, "modulo", Arithmetic.Op.MODULO);
        put(m, new EqlFunction("between",
                List.of(of("source", STRING), of("left", STRING), of("right", STRING)),
                List.of(of("greedy", BOOLEAN)), false, true, STRING, StringFunctions::between));
        put(m, new EqlFunction("cidrMatch", List.of(of("ip", IP), constant("cidr", STRING)), List.of(), true, false,
                BOOLEAN, (args, ci) -> CidrMatch.apply(args)));
        put(m, new EqlFunction("concat", List.of(of("value", UNKNOWN)), List.of(), true, false, STRING,
                (args, ci) -> StringFunctions.concat(args)));
        put(m, new EqlFunction("endsWith", List.of(of("source", STRING), of("substring", STRING)), List.of(), false, true,
                BOOLEAN, StringFunctions::endsWith));
        put(m, new EqlFunction("indexOf", List.of(of("source", STRING), of("substring", STRING)),
                List.of(of("start", NUMBER)), false, true, NUMBER, StringFunctions::indexOf));
        put(m, new EqlFunction("length", List.of(of("source", STRING)), List.of(), false, false, NUMBER,
                (args, ci) -> StringFunctions.length(args)));
        put(m, new EqlFunction("number", List.of(of("string", STRING)), List.of(constant("base", NUMBER)), false, false,
                NUMBER, (args, ci) -> NumberParsing.number(args)));
        put(m, new EqlFunction("startsWith", List.of(of("source", STRING), of("prefix", STRING)), List.of(), false, true,
                BOOLEAN, StringFunctions::startsWith));
        put(m, new EqlFunction("string", List.of(of("value", UNKNOWN)), List.of(), false, false, STRING,
                (args, ci) -> StringFunctions.string(args)));
        put(m, new EqlFunction("stringContains", List.of(of("source", STRING), of("substring", STRING)), List.of(),
                false, true, BOOLEAN, StringFunctions::stringContains));
        put(m, new EqlFunction("substring", List.of(of("source", STRING), of("start", NUMBER)),
                List.of(of("end", NUMBER)), false, false, STRING, (args, ci) -> StringFunctions.substring(args)));
        return Collections.unmodifiableMap(m);
    }

    private static void math(Map<String, EqlFunction> m, String name, Arithmetic.Op op) {
        put(m, new EqlFunction(name, List.of(of("left", NUMBER), of("right", NUMBER)), List.of(), false, false, NUMBER,
                (args, ci) -> Arithmetic.apply(op, args.get(0), args.get(1))));
    }

    private static void put(Map<String, EqlFunction> m, EqlFunction f) {
        m.put(f.name().toLowerCase(Locale.ROOT), f);
    }
}
