package io.ruleforge.esql.verify;

import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.EsqlNode;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.esql.ast.NamedExpression;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.ql.Parentheses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Checks a parsed ES|QL query as Elasticsearch's analyzer and verifier would, plus what Kibana requires of a detection
 * rule, and collects every failure (as Elasticsearch's Verifier does) instead of stopping at the first:
 * <ul>
 *   <li>{@code unknown-column} (error): a column that does not exist at that point of the pipeline — the columns
 *       change with EVAL, RENAME, KEEP, DROP, STATS, GROK/DISSECT patterns, MV_EXPAND, as ruleforge tracks</li>
 *   <li>{@code unknown-field} (warning): a source field the FROM indices' mapping does not list, like KQL's</li>
 *   <li>{@code unknown-function}, {@code arity}, {@code argument-type}, {@code not-constant} (errors), with "did you
 *       mean"</li>
 *   <li>{@code misplaced-aggregate}, {@code nested-aggregate}, {@code not-aggregate}, {@code misplaced-star},
 *       {@code condition-type} (errors)</li>
 *   <li>{@code kql-syntax} (error): the argument of {@code KQL()}, compiled with ruleforge's KQL front end</li>
 *   <li>{@code missing-metadata} (warning): a non-aggregating query without {@code METADATA _id, _version, _index}
 *       (Kibana's rule validation: alerts cannot be de-duplicated)</li>
 *   <li>{@code dropped-id} (warning): a non-aggregating query with that METADATA whose KEEP, DROP or RENAME then
 *       loses the {@code _id} column — the same consequence, which Kibana's validation does not see</li>
 *   <li>{@code limit-above-max-signals} (warning): a LIMIT above the rule's max_signals, whose extra rows Kibana drops</li>
 * </ul>
 */
public final class EsqlVerifier {

    /** Kibana's wording (security_solution, ES|QL rule validation). */
    static final String METADATA_MESSAGE = "Queries that don’t use the STATS...BY function (non-aggregating queries)"
            + " must include the \"metadata _id, _version, _index\" operator after the source command. For example:"
            + " FROM logs* metadata _id, _version, _index.";

    private static final Map<String, DataType> METADATA_TYPES = Map.of("_id", DataType.KEYWORD, "_index", DataType.KEYWORD,
            "_version", DataType.LONG, "_score", DataType.DOUBLE, "_source", DataType.UNSUPPORTED,
            "_ignored", DataType.KEYWORD, "_index_mode", DataType.KEYWORD);

    private final FieldSchema indexFields;
    private final KibanaVersion kqlVersion;

    /**
     * @param indexFields the mapping of the FROM indices (empty: no field is checked)
     * @param kqlVersion  the KQL dialect {@code KQL()} arguments are parsed with
     */
    public EsqlVerifier(FieldSchema indexFields, KibanaVersion kqlVersion) {
        this.indexFields = indexFields;
        this.kqlVersion = kqlVersion;
    }

    /** The query alone: Elasticsearch's checks. */
    public List<EsqlProblem> verify(EsqlQuery query, String queryText) {
        return verify(query, queryText, OptionalInt.empty());
    }

    /**
     * The query of a detection rule: Elasticsearch's checks and Kibana's rule requirements.
     *
     * @param maxSignals the rule's max_signals, when it is a rule
     */
    public List<EsqlProblem> verify(EsqlQuery query, String queryText, OptionalInt maxSignals) {
        Problems problems = new Problems();
        ColumnScope scope = new ColumnScope(indexFields);
        Map<String, Expression.Column> unmapped = new LinkedHashMap<>();
        ExpressionTypes types = new ExpressionTypes(scope, problems, new KqlArgumentCheck(queryText, kqlVersion, problems),
                unmapped);
        Command droppedId = null;
        for (Command command : query.commands()) {
            boolean hadId = scope.names().contains("_id");
            step(command, scope, types, problems);
            if (hadId && droppedId == null && !scope.names().contains("_id")) {
                droppedId = command;
            }
        }
        unmappedFields(unmapped, problems);
        andWithinOr(query, queryText, problems);
        if (maxSignals.isPresent()) {
            ruleRequirements(query, maxSignals.getAsInt(), droppedId, problems);
        }
        return problems.all();
    }

    /**
     * {@code a AND b OR c} is {@code (a AND b) OR c}: AND binds tighter than OR. Written without parentheses it is a
     * classic slip in a WHERE, and nothing in the result says so: a note at each AND that is an operand of an OR.
     */
    private static void andWithinOr(EsqlNode node, String text, Problems problems) {
        if (node instanceof Expression.Logical or && or.operator() == Expression.LogicalOperator.OR) {
            for (Expression operand : List.of(or.left(), or.right())) {
                if (operand instanceof Expression.Logical and && and.operator() == Expression.LogicalOperator.AND
                        && !Parentheses.enclose(text, and.span())) {
                    problems.note("and-within-or", "AND binds tighter than OR: \"" + Parentheses.quoted(text, and.span())
                            + "\" is one operand of the OR around it", and.span());
                }
            }
        }
        node.children().forEach(child -> andWithinOr(child, text, problems));
    }

    private void step(Command command, ColumnScope scope, ExpressionTypes types, Problems problems) {
        if (command instanceof Command.From from) {
            scope.openSource();
            for (Expression.Column m : from.metadata()) {
                scope.put(m.name(), METADATA_TYPES.getOrDefault(m.name(), DataType.UNSUPPORTED));
            }
        } else if (command instanceof Command.Row row) {
            Map<String, DataType> columns = new LinkedHashMap<>();
            for (NamedExpression f : row.fields()) {
                columns.put(f.name(), types.type(f.value(), ExpressionTypes.Context.ROW));
            }
            scope.replaceAll(columns);
        } else if (command instanceof Command.Where where) {
            condition(where.condition(), types, problems, "WHERE");
        } else if (command instanceof Command.Eval eval) {
            for (NamedExpression f : eval.fields()) {
                scope.put(f.name(), types.type(f.value(), ExpressionTypes.Context.ROW));
            }
        } else if (command instanceof Command.Stats stats) {
            stats(stats, scope, types, problems);
        } else if (command instanceof Command.Keep keep) {
            keep(keep, scope, problems);
        } else if (command instanceof Command.Drop drop) {
            for (Command.NamePattern p : drop.columns()) {
                List<String> matched = existing(p, scope, problems);
                matched.forEach(scope::remove);
            }
        } else if (command instanceof Command.Rename rename) {
            for (Command.RenamePair pair : rename.renames()) {
                ColumnScope.Resolved from = scope.resolve(pair.from().pattern());
                if (from.kind() == ColumnScope.Kind.UNKNOWN) {
                    unknown(pair.from(), scope, problems);
                }
                scope.remove(pair.from().pattern());
                scope.put(pair.to().pattern(), from.type());
            }
        } else if (command instanceof Command.Sort sort) {
            sort.keys().forEach(k -> types.type(k.key(), ExpressionTypes.Context.ROW));
        } else if (command instanceof Command.MvExpand mv) {
            scope.put(mv.column().name(), types.type(mv.column(), ExpressionTypes.Context.ROW));
        } else if (command instanceof Command.Grok grok) {
            stringInput(grok.input(), types, problems, "GROK");
            PatternColumns.grok(grok.pattern()).forEach(scope::put);
        } else if (command instanceof Command.Dissect dissect) {
            stringInput(dissect.input(), types, problems, "DISSECT");
            PatternColumns.dissect(dissect.pattern()).forEach(scope::put);
        } else if (command instanceof Command.LookupJoin join) {
            join.on().forEach(c -> types.type(c, ExpressionTypes.Context.ROW));
            scope.openLookup();
        } else if (command instanceof Command.Completion completion) {
            stringInput(completion.prompt(), types, problems, "COMPLETION");
            scope.put(completion.target().name(), DataType.KEYWORD);
        }
    }

    /**
     * One warning per query for the fields the mapping lacks, at the first one's first use: Elasticsearch fails the
     * query on a column no FROM index has, but an integration's mapping that ruleforge lacks gives the same finding
     * for each of its fields, and one line per field would bury the real slips (Elastic's 130 ES|QL rules use many
     * integrations whose schemas ruleforge does not ship).
     */
    private void unmappedFields(Map<String, Expression.Column> unmapped, Problems problems) {
        if (unmapped.isEmpty()) {
            return;
        }
        List<String> described = new ArrayList<>();
        for (String name : unmapped.keySet()) {
            described.add(name + indexFields.closestField(name).map(n -> " (did you mean " + n + "?)").orElse(""));
        }
        Expression.Column first = unmapped.values().iterator().next();
        problems.warning("unknown-field", (unmapped.size() == 1 ? "field " : "fields ") + String.join(", ", described)
                + (unmapped.size() == 1 ? " is" : " are") + " not in the mapping of the FROM indices", first.span());
    }

    private static void condition(Expression e, ExpressionTypes types, Problems problems, String where) {
        DataType t = types.type(e, ExpressionTypes.Context.ROW);
        if (ExpressionTypes.known(t) && t != DataType.BOOLEAN) {
            problems.error("condition-type", "condition of [" + where + "] must be [boolean], found [" + t.esName() + "]",
                    e.span());
        }
    }

    private static void stringInput(Expression input, ExpressionTypes types, Problems problems, String command) {
        DataType t = types.type(input, ExpressionTypes.Context.ROW);
        if (ExpressionTypes.known(t) && !t.isString()) {
            problems.error("argument-type", "input of [" + command + "] must be [string], found [" + t.esName() + "]",
                    input.span());
        }
    }

    private static void stats(Command.Stats stats, ColumnScope scope, ExpressionTypes types, Problems problems) {
        Map<String, DataType> out = new LinkedHashMap<>();
        Map<String, DataType> groups = new LinkedHashMap<>();
        for (NamedExpression g : stats.groupings()) {
            groups.put(g.name(), types.type(g.value(), ExpressionTypes.Context.ROW));
        }
        for (Command.Aggregate a : stats.aggregates()) {
            Expression value = a.field().value();
            DataType t = types.type(value, ExpressionTypes.Context.AGGREGATE);
            if (!containsAggregate(value) && !groups.containsKey(a.field().name())
                    && !(value instanceof Expression.Column c && groups.containsKey(c.name()))) {
                problems.error("not-aggregate", "expected an aggregate function in [" + stats.keyword() + "], found ["
                        + a.field().name() + "]", value.span());
            }
            a.filter().ifPresent(f -> condition(f, types, problems, "WHERE of an aggregate"));
            out.put(a.field().name(), t);
        }
        for (Map.Entry<String, DataType> g : groups.entrySet()) {
            out.putIfAbsent(g.getKey(), g.getValue());
        }
        if (stats.inline()) {
            out.forEach(scope::put);
        } else {
            scope.replaceAll(out);
        }
    }

    private static boolean containsAggregate(Expression e) {
        // an unknown function counts as one: it is reported as unknown, not twice
        return e.anyMatch(node -> node instanceof Expression.FunctionCall f
                && io.ruleforge.esql.functions.EsqlFunctions.lookup(f.name())
                .map(io.ruleforge.esql.functions.EsqlFunction::isAggregate).orElse(true));
    }

    private static void keep(Command.Keep keep, ColumnScope scope, Problems problems) {
        Map<String, DataType> kept = new LinkedHashMap<>();
        for (Command.NamePattern p : keep.columns()) {
            for (String name : existing(p, scope, problems)) {
                kept.remove(name);
                kept.put(name, scope.resolve(name).type());
            }
        }
        scope.replaceAll(kept);
    }

    /**
     * The columns a KEEP/DROP pattern names. A plain name of the source that the mapping lacks is kept (with a
     * warning already given where it was used); a pattern that matches nothing of a closed column set is an error.
     */
    private static List<String> existing(Command.NamePattern p, ColumnScope scope, Problems problems) {
        if (!p.isWildcard()) {
            ColumnScope.Resolved r = scope.resolve(p.pattern());
            if (r.kind() == ColumnScope.Kind.UNKNOWN) {
                unknown(p, scope, problems);
            }
            return List.of(p.pattern());
        }
        List<String> matched = scope.matching(p.pattern());
        if (matched.isEmpty() && !scope.sourceOpen() && !scope.lookupOpen()) {
            problems.error("unknown-column", "no column matches [" + p.pattern() + "]", p.span());
        }
        return matched;
    }

    private static void unknown(Command.NamePattern p, ColumnScope scope, Problems problems) {
        problems.error("unknown-column", "unknown column [" + p.pattern() + "]"
                + io.ruleforge.diag.EditDistance.closest(p.pattern(), scope.names())
                .map(n -> ", did you mean [" + n + "]?").orElse(""), p.span());
    }

    private static void ruleRequirements(EsqlQuery query, int maxSignals, Command droppedId, Problems problems) {
        boolean aggregating = query.commands().stream().anyMatch(c -> c instanceof Command.Stats s && !s.inline());
        if (!aggregating && query.source() instanceof Command.From from
                && !(from.hasMetadata("_id") && from.hasMetadata("_version") && from.hasMetadata("_index"))) {
            problems.warning("missing-metadata", METADATA_MESSAGE, from.span());
        } else if (!aggregating && droppedId != null) {
            // Kibana checks only the FROM; but its executor finds a row's source event by the row's _id column, and
            // names the alert by it (generateAlertId): a result without it is a new alert per row in every run
            problems.warning("dropped-id", "this command drops the _id column METADATA adds: Kibana cannot find a row's"
                    + " source event, so each row is a new alert in every run (overlapping runs alert on the same event"
                    + " again) and the alert holds only the row's columns", droppedId.span());
        }
        for (Command c : query.commands()) {
            if (c instanceof Command.Limit limit && limit.count() > maxSignals) {
                problems.warning("limit-above-max-signals", "LIMIT " + limit.count() + " is above the rule's max_signals ("
                        + maxSignals + "): Kibana creates at most " + maxSignals + " alerts per run and drops the other rows",
                        limit.span());
            }
        }
    }

}
