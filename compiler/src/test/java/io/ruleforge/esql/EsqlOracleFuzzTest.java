package io.ruleforge.esql;

import io.ruleforge.testing.CorpusRules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential fuzzing against Elasticsearch 8.19.21's parser: corpus queries mutated token by token (deleted,
 * repeated, swapped, replaced by a keyword or operator, cut short) and small queries generated from the grammar's
 * commands and operators. Both parsers must accept and reject alike, agree on the first error's line and column, and
 * build the same pipeline. Seeded: the same queries on every run.
 */
class EsqlOracleFuzzTest {

    private static final Pattern TOKEN = Pattern.compile("\"\"\"[^\\n]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|`[^`]*`"
            + "|[A-Za-z_@][A-Za-z0-9_]*|\\d+(?:\\.\\d+)?|==|!=|<=|>=|::|//[^\\n]*|\\S");
    private static final List<String> VOCABULARY = List.of("|", "(", ")", ",", "=", "==", "!=", "<", ">=", "+", "-",
            "*", "/", "%", ".", ":", "::", "[", "]", "{", "}", "\"x\"", "1", "1.5", "2 hours", "null", "true", "and", "or",
            "not", "in", "is", "like", "rlike", "by", "asc", "desc", "nulls", "first", "where", "eval", "stats",
            "keep", "drop", "rename", "as", "sort", "limit", "mv_expand", "grok", "dissect", "from", "row", "metadata",
            "inline", "lookup", "join", "on", "count(*)", "x", "`y`", "@timestamp", "/* c */", "// c\n");

    private static EsqlOracle oracle;

    @BeforeAll
    static void loadOracle() {
        oracle = EsqlOracle.load();
    }

    @Test
    void mutatedAndGeneratedQueriesAgreeWithElasticsearch() {
        Random random = new Random(18);
        List<String> queries = new ArrayList<>();
        List<CorpusRules.Rule> corpus = EsqlCorpus.load();
        while (queries.size() < 1000) {
            String q = mutate(corpus.get(random.nextInt(corpus.size())).query(), random);
            if (!q.contains("?")) { // parameters need values, which the oracle is not given
                queries.add(q);
            }
        }
        while (queries.size() < 2000) {
            queries.add(generate(random));
        }
        EsqlOracleTest.Comparison c = EsqlOracleTest.compare(oracle, queries);
        System.out.printf("[esql-oracle] fuzz: %d queries, ES accepts %d, agree on verdict %d, on first-error position %d"
                + " of %d rejected (%d without a position from ES), on shape %d of %d accepted%n", c.total, c.esAccepted,
                c.sameVerdict, c.samePosition, c.total - c.esAccepted, c.esUnpositioned, c.sameShape, c.esAccepted);
        // index selectors (`logs-*::failures`, 9.x failure store) are not ruleforge syntax: both reject a stray `::` in
        // FROM, at a different column
        List<String> unexplained = c.disagreements.stream()
                .filter(d -> !(d.startsWith("position:") && d.substring(d.indexOf("query: ")).lines().findFirst()
                        .orElse("").contains("::")))
                .toList();
        assertThat(c.sameVerdict).isEqualTo(c.total);
        assertThat(c.disagreements.size() - unexplained.size()).isLessThanOrEqualTo(5);
        assertThat(unexplained).as(EsqlOracleTest.summary(unexplained)).isEmpty();
    }

    private static String mutate(String query, Random random) {
        List<int[]> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(query);
        while (m.find()) {
            tokens.add(new int[] {m.start(), m.end()});
        }
        if (tokens.isEmpty()) {
            return query;
        }
        int[] t = tokens.get(random.nextInt(tokens.size()));
        String before = query.substring(0, t[0]);
        String token = query.substring(t[0], t[1]);
        String after = query.substring(t[1]);
        String word = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
        return switch (random.nextInt(6)) {
            case 0 -> before + after;
            case 1 -> before + token + " " + token + after;
            case 2 -> before + word + after;
            case 3 -> before + token + " " + word + after;
            case 4 -> query.substring(0, t[1]);
            default -> {
                int[] u = tokens.get(random.nextInt(tokens.size()));
                if (u[0] <= t[0]) {
                    yield before + word + " " + token + after;
                }
                String between = query.substring(t[1], u[0]);
                yield before + query.substring(u[0], u[1]) + between + token + query.substring(u[1]);
            }
        };
    }

    private static final String[] FIELDS = {"a", "b.c", "`d-e`", "@timestamp", "x1", "process.name"};
    private static final String[] VALUES = {"1", "-2", "3.5", "\"s\"", "\"\"\"t\"\"\"", "null", "true", "1 day",
            "[1, 2]", "[\"a\", \"b\"]"};
    private static final String[] COMPARISONS = {"==", "!=", "<", "<=", ">", ">="};
    private static final String[] ARITHMETIC = {"+", "-", "*", "/", "%"};
    private static final String[] FUNCTIONS = {"length", "to_lower", "coalesce", "concat", "case", "mv_first",
            "date_trunc", "now", "starts_with", "cidr_match"};

    private static String generate(Random r) {
        StringBuilder q = new StringBuilder(r.nextBoolean() ? "FROM logs-*" : "from idx1, remote:idx2");
        if (r.nextBoolean()) {
            q.append(" METADATA _id, _version, _index");
        }
        int commands = 1 + r.nextInt(4);
        for (int i = 0; i < commands; i++) {
            q.append(r.nextInt(3) == 0 ? "\n| " : " | ");
            switch (r.nextInt(11)) {
                case 0, 1 -> q.append("WHERE ").append(condition(r, 0));
                case 2 -> q.append("EVAL ").append(r.nextBoolean() ? field(r) + " = " : "").append(value(r, 0));
                case 3 -> q.append("STATS ").append(r.nextBoolean() ? "n = " : "").append("COUNT(*)")
                        .append(r.nextBoolean() ? " BY " + field(r) : "");
                case 4 -> q.append("KEEP ").append(field(r)).append(r.nextBoolean() ? ", host.*" : "");
                case 5 -> q.append("DROP ").append(field(r));
                case 6 -> q.append("SORT ").append(field(r)).append(r.nextBoolean() ? " DESC" : "")
                        .append(r.nextBoolean() ? " NULLS LAST" : "");
                case 7 -> q.append("LIMIT ").append(r.nextInt(1000));
                case 8 -> q.append("RENAME ").append(field(r)).append(" AS z");
                case 9 -> q.append("MV_EXPAND ").append(field(r));
                default -> q.append("DISSECT ").append(field(r)).append(" \"%{k} %{v}\"");
            }
        }
        return q.toString();
    }

    private static String field(Random r) {
        return FIELDS[r.nextInt(FIELDS.length)];
    }

    private static String condition(Random r, int depth) {
        int choice = depth > 2 ? r.nextInt(4) : r.nextInt(8);
        return switch (choice) {
            case 0 -> value(r, depth + 1) + " " + COMPARISONS[r.nextInt(COMPARISONS.length)] + " " + value(r, depth + 1);
            case 1 -> field(r) + (r.nextBoolean() ? " NOT" : "") + " IN (" + VALUES[r.nextInt(VALUES.length)] + ", "
                    + VALUES[r.nextInt(VALUES.length)] + ")";
            case 2 -> field(r) + " IS " + (r.nextBoolean() ? "NOT " : "") + "NULL";
            case 3 -> field(r) + (r.nextBoolean() ? " NOT" : "") + (r.nextBoolean() ? " LIKE " : " RLIKE ") + "\"a*\"";
            case 4 -> condition(r, depth + 1) + " AND " + condition(r, depth + 1);
            case 5 -> condition(r, depth + 1) + " OR " + condition(r, depth + 1);
            case 6 -> "NOT " + condition(r, depth + 1);
            default -> "(" + condition(r, depth + 1) + ")";
        };
    }

    private static String value(Random r, int depth) {
        int choice = depth > 2 ? r.nextInt(2) : r.nextInt(5);
        return switch (choice) {
            case 0 -> field(r);
            case 1 -> VALUES[r.nextInt(VALUES.length)];
            case 2 -> value(r, depth + 1) + " " + ARITHMETIC[r.nextInt(ARITHMETIC.length)] + " " + value(r, depth + 1);
            case 3 -> FUNCTIONS[r.nextInt(FUNCTIONS.length)] + "(" + value(r, depth + 1)
                    + (r.nextBoolean() ? ", " + value(r, depth + 1) : "") + ")";
            default -> value(r, depth + 1) + "::" + (r.nextBoolean() ? "long" : "keyword");
        };
    }
}
