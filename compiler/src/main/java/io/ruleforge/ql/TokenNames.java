package io.ruleforge.ql;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one language names expected tokens in its syntax errors: the language-specific data of the shared
 * {@link SyntaxErrorDescriber}. Names are listed once each, in the table's order.
 */
public interface TokenNames {

    /** The names of the expected token types, without duplicates; empty if none is named. */
    List<String> names(IntervalSet expected);

    /** One named group of token types: the name is listed if any of them is expected. */
    record Entry(String name, Set<Integer> types) {
        public Entry {
            types = Set.copyOf(types);
        }

        public static Entry of(String name, Integer... types) {
            return new Entry(name, Set.of(types));
        }
    }

    /** A fixed table, listed in its own order (as Kibana's peggy grammar orders its expectations); others unnamed. */
    static TokenNames table(List<Entry> entries) {
        List<Entry> table = List.copyOf(entries);
        return expected -> {
            List<String> names = new ArrayList<>();
            for (Entry e : table) {
                if (e.types().stream().anyMatch(expected::contains) && !names.contains(e.name())) {
                    names.add(e.name());
                }
            }
            return names;
        };
    }

    /**
     * Every expected type named, in token-type order: by {@code overrides} where given (end of input is
     * {@link Token#EOF}), else by the grammar's literal ({@code '=='} shown as {@code "=="}), else its symbolic name.
     */
    static TokenNames vocabulary(Vocabulary vocabulary, Map<Integer, String> overrides) {
        Map<Integer, String> named = Map.copyOf(overrides);
        return expected -> {
            Set<String> names = new LinkedHashSet<>();
            for (int type : expected.toList()) {
                String name = named.get(type);
                if (name == null) {
                    String literal = vocabulary.getLiteralName(type);
                    name = literal != null ? literal.replace('\'', '"') : vocabulary.getDisplayName(type);
                }
                names.add(name);
            }
            return new ArrayList<>(names);
        };
    }
}
