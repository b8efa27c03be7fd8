package io.ruleforge.backtest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.EventQuery;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.evaluate.engine.ClusterSearch;
import io.ruleforge.evaluate.engine.EngineException;
import io.ruleforge.rule.Rule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs each rule's own search on the cluster over the range, one rule after the other (a backtest is a handful of
 * searches per rule; the cluster, not this loop, does the work), and collects the counts. Rules whose search the
 * cluster refuses are {@code rejected}; rules it cannot search, and why, {@code notBacktested}; a cluster that fails
 * (unreachable, credentials refused) ends the run with the rules decided until then.
 */
final class Backtester {

    /**
     * The most runs of a new_terms rule a backtest decides: it keeps a counter and a history start per run (a year
     * of a rule run every minute is 525,600).
     */
    static final int MAX_NEW_TERMS_RUNS = 1_000_000;

    /** Ranges longer than this many slots show their last ones in the sparkline (as replay shows its last 60 days). */
    static final int MAX_SLOTS = 60;

    /** A run the cluster ended: the failure, and which rules were decided before it. */
    record Stopped(EngineException failure, List<String> decided, List<String> undecided) {
    }

    /** Either a result or, when the cluster failed mid-run, how far it got. */
    record Outcome(Optional<BacktestResult> result, Optional<Stopped> stopped) {
    }

    private final ClusterSearch search;
    private final ClusterSearch.TimeRange range;
    private final String engine;

    Backtester(ClusterSearch search, ClusterSearch.TimeRange range, String engine) {
        this.search = search;
        this.range = range;
        this.engine = engine;
    }

    Outcome run(List<CompiledRule> compiled) {
        long start = System.nanoTime();
        List<BacktestResult.RuleBacktest> rules = new ArrayList<>();
        Map<String, String> notBacktested = new TreeMap<>();
        Map<String, String> rejected = new TreeMap<>();
        List<String> decided = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            CompiledRule c = compiled.get(i);
            String file = c.rule().displayPath();
            try {
                Optional<String> why = whyNot(c);
                if (why.isPresent()) {
                    notBacktested.put(file, why.get());
                } else {
                    rules.add(backtest(c));
                }
            } catch (ClusterSearch.RejectedException e) {
                rejected.put(file, e.getMessage());
            } catch (ClusterSearch.UnsupportedException e) {
                notBacktested.put(file, e.getMessage());
            } catch (EngineException e) {
                List<String> undecided = compiled.subList(i, compiled.size()).stream().map(r -> r.rule().displayPath()).toList();
                return new Outcome(Optional.empty(), Optional.of(new Stopped(e, decided, undecided)));
            }
            decided.add(file);
        }
        rules.sort(Comparator.comparingLong(BacktestResult.RuleBacktest::alerts).reversed()
                .thenComparing(Comparator.comparingLong(BacktestResult.RuleBacktest::hits).reversed())
                .thenComparing(BacktestResult.RuleBacktest::file));
        return new Outcome(Optional.of(new BacktestResult(engine, range.from().toString(), range.to().toString(),
                range.interval() == ClusterSearch.Interval.DAY ? "day" : "hour", slots(range), (System.nanoTime() - start) / 1e9,
                rules, notBacktested, rejected)), Optional.empty());
    }

    /** Why the rule cannot be searched at all, before asking the cluster. */
    private static Optional<String> whyNot(CompiledRule c) {
        Rule rule = c.rule();
        String type = rule.type();
        switch (type) {
            case "machine_learning" -> {
                return Optional.of("machine learning rules are not backtested: their alerts come from anomaly detection jobs, not a search");
            }
            case "threat_match" -> {
                return Optional.of("indicator match rules are not backtested: their alerts join the events with the indicator index, "
                        + "and the query's hits alone would overstate them");
            }
            case "esql" -> {
                return c.esqlSource().isPresent() ? Optional.empty() : Optional.of("its ES|QL query did not compile");
            }
            default -> {
                // query, saved_query, eql, threshold, new_terms: below
            }
        }
        if (!List.of("query", "saved_query", "eql", "threshold", "new_terms").contains(type)) {
            return Optional.of(type + " rules are not backtested");
        }
        if (rule.index().isEmpty()) {
            return Optional.of(rule.document().at("/rule/data_view_id").isTextual()
                    ? "it searches a data view (data_view_id), whose index patterns only Kibana knows: give it index patterns"
                    : "it names no index patterns (Kibana would search its default security indices)");
        }
        if (type.equals("eql")) {
            return c.eqlSource().isPresent() ? Optional.empty() : Optional.of("its EQL query did not compile");
        }
        if (c.dsl().isEmpty()) {
            return Optional.of("it has no query ruleforge compiles to DSL (language " + rule.language().orElse("none") + ")");
        }
        AlertRuleSpec spec = spec(c);
        if (type.equals("threshold") && spec.threshold().isEmpty()) {
            return Optional.of("its threshold cannot be read");
        }
        if (type.equals("new_terms") && spec.newTerms().isEmpty()) {
            return Optional.of("its new_terms fields or history window cannot be read");
        }
        if (type.equals("new_terms") && spec.suppression().isPresent()) {
            // its suppression groups are keyed here, not by the cluster: replay's refusal of keys it would guess
            return AlertRuleSpec.ungroupable(c.indexFields(), spec.suppression().get().groupBy());
        }
        return Optional.empty();
    }

    /**
     * The rule's spec with its group fields keyed by the mapping it was compiled against, as replay keys them
     * ({@code host.name.keyword} read from a text {@code host.name}, an ip by its address, not its spelling).
     */
    static AlertRuleSpec spec(CompiledRule c) {
        return AlertRuleSpec.of(c.rule(), c.indexFields());
    }

    private BacktestResult.RuleBacktest backtest(CompiledRule c) {
        Rule rule = c.rule();
        // the range, the histogram and the times counted read the rule's timestamp_override as Kibana's searches do
        ClusterSearch search = this.search.placedBy(RuleTimestamp.of(rule));
        switch (rule.type()) {
            case "esql" -> {
                ClusterSearch.Counts rows = search.esql(rule.query().orElseThrow(), range, c.filters());
                return result(c, List.of(), "rows", rows, rows);
            }
            case "eql" -> {
                EqlQuery q = c.eqlSource().orElseThrow();
                boolean events = q.body() instanceof EventQuery;
                // the rule's settings carry its filters as the search's filter
                ClusterSearch.Counts found = search.eql(rule.index(), rule.query().orElseThrow(), events && q.pipes().isEmpty(),
                        range, EqlAlerts.settings(c));
                return result(c, rule.index(), events ? "events" : "sequences", found, found);
            }
            default -> {
                ObjectNode query = c.searchDsl().orElseThrow();
                ClusterSearch.Counts hits = search.query(rule.index(), query, range);
                AlertRuleSpec spec = spec(c);
                if (spec.threshold().isPresent()) {
                    // run by run: groups reaching the threshold within each interval-sized window, as the rule's runs alert
                    return result(c, rule.index(), "groups", search.threshold(rule.index(), query, spec.threshold().get(),
                            AlertRuleSpec.interval(rule), range), hits);
                }
                if (spec.newTerms().isPresent()) {
                    // run by run, as the rule enabled at the range's start: runs every interval, the last the first whose
                    // window reaches the range's end (replay's schedule, with the range's start for its first event)
                    RuleSchedule schedule = RuleSchedule.of(AlertRuleSpec.interval(rule), spec, range.from().toEpochMilli());
                    long runs = schedule.runsUntil(range.to().toEpochMilli());
                    if (runs > MAX_NEW_TERMS_RUNS) {
                        throw new ClusterSearch.UnsupportedException("its " + runs + " runs over the range (every "
                                + duration(AlertRuleSpec.interval(rule)) + ") are more than the " + MAX_NEW_TERMS_RUNS
                                + " a new_terms backtest decides: shorten the range");
                    }
                    ClusterSearch.NewTermsCounts found = search.newTerms(rule.index(), query, spec, schedule, (int) runs, range);
                    return result(c, rule.index(), "terms", found.alerts(), hits, newTermsCounting(c, runs, found));
                }
                return result(c, rule.index(), "events", hits, hits);
            }
        }
    }

    private BacktestResult.RuleBacktest result(CompiledRule c, List<String> indices, String counted, ClusterSearch.Counts alerts,
                                               ClusterSearch.Counts hits) {
        return result(c, indices, counted, alerts, hits, counting(c, counted));
    }

    private BacktestResult.RuleBacktest result(CompiledRule c, List<String> indices, String counted, ClusterSearch.Counts alerts,
                                               ClusterSearch.Counts hits, String counting) {
        // the alerts per bucket, whatever an alert is: for query rules the hits, for threshold and new_terms the groups
        Map<String, Long> histogram = new LinkedHashMap<>();
        alerts.perBucket().forEach((at, n) -> {
            if (n > 0) {
                histogram.merge(slot(at, range.interval()), n, Long::sum);
            }
        });
        long took = alerts == hits ? hits.tookMillis() : alerts.tookMillis() + hits.tookMillis();
        int searches = alerts == hits ? hits.searches() : alerts.searches() + hits.searches();
        Rule rule = c.rule();
        return new BacktestResult.RuleBacktest(rule.displayPath(), rule.ruleId(), rule.name(), rule.type(), indices, counted,
                alerts.total(), hits.total(), alerts.capped() || hits.capped(), histogram, alerts.withoutTime(), took, searches,
                counting);
    }

    /**
     * What the row's numbers are, in the words backtest.md and backtest.json show beside them: above all how they
     * differ from what the rule's runs would alert on.
     */
    static String counting(CompiledRule c, String counted) {
        Rule rule = c.rule();
        return switch (rule.type()) {
            case "threshold" -> "alerts: groups reaching the threshold in each " + duration(AlertRuleSpec.interval(rule))
                    + " window (the rule's interval) from the range's start, as its runs would raise them (max_signals and "
                    + "suppression not applied); per bucket: those alerts, at their group's last event; hits: events the query matches";
            case "new_terms" -> "alerts: the new terms the rule's runs every " + duration(AlertRuleSpec.interval(rule))
                    + " from the range's start would write (a term of a run's window not seen from its history window's start up "
                    + "to the window's start, its history read from the cluster before the range too; an alert an earlier run "
                    + "wrote not written again; " + AlertRuleSpec.of(rule).suppression().map(Backtester::suppression)
                    .orElse("max_signals per run") + "); per bucket: those alerts, at their " + (AlertRuleSpec.of(rule)
                    .suppression().isPresent() ? "group's first event" : "term's first event") + " in the run's window; "
                    + "hits: events the query matches";
            default -> "alerts: the " + counted + " the rule's " + (rule.type().equals("esql") ? "query returns" : "query matches")
                    + " in the range (max_signals and suppression not applied); per bucket: those alerts";
        };
    }

    /**
     * A new_terms rule's alert suppression in {@link #counting}'s words: replay's decision, run by run, and what is
     * read from the cluster for it.
     */
    private static String suppression(AlertRuleSpec.Suppression s) {
        return "alert suppression by " + String.join(", ", s.groupBy()) + " applied as replay applies it: each run's new terms "
                + "grouped by those fields' values in the term's first event of the window (read from the cluster for "
                + "each new term, of two events of the term at that millisecond the cluster's first where replay takes "
                + "the first in input order; an array is one value, as whole), a missing field "
                + (s.suppressMissing() ? "one more value" : "an alert of its own (doNotSuppress)") + ", max_signals per run, "
                + s.duration().map(d -> "and a group's alerts in later runs within " + duration(d) + " of the run that "
                        + "opened it folded into its alert").orElse("per rule execution")
                + "; the term an alert is built from is not written again, the others folded into it may be by a later run "
                + "that still finds them new";
    }

    /** {@link #counting} of a new_terms rule, with what its runs' {@code max_signals} left out and suppression folded. */
    private static String newTermsCounting(CompiledRule c, long runs, ClusterSearch.NewTermsCounts found) {
        String counting = counting(c, "terms");
        boolean suppressed = AlertRuleSpec.of(c.rule()).suppression().isPresent();
        if (suppressed) {
            counting += "; " + found.suppressed() + " events folded by suppression";
        }
        return found.runsAtMax() == 0 ? counting : counting + "; " + found.runsAtMax() + " of its " + runs
                + " runs reached max_signals, leaving out " + found.leftOut() + (suppressed
                ? " alerts (summed over the runs, as replay counts them)" : " alerts no later run wrote");
    }

    /** {@code 5m}, {@code 1h}, {@code 1d}, {@code 30s}: an interval as rules write it. */
    static String duration(java.time.Duration d) {
        long seconds = d.toSeconds();
        return seconds % 86_400 == 0 ? seconds / 86_400 + "d" : seconds % 3_600 == 0 ? seconds / 3_600 + "h"
                : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** A bucket's name: {@code 2026-11-26} for days, {@code 2026-11-26T19:00Z} for hours. */
    static String slot(Instant at, ClusterSearch.Interval interval) {
        return interval == ClusterSearch.Interval.DAY
                ? LocalDate.ofInstant(at, ZoneOffset.UTC).toString()
                : at.truncatedTo(interval.unit()).toString().replace(":00:00Z", ":00Z");
    }

    /** Every bucket from the range's start to its end. */
    static List<String> slots(ClusterSearch.TimeRange range) {
        List<String> out = new ArrayList<>();
        for (Instant at = range.from().truncatedTo(range.interval().unit()); !at.isAfter(range.to()); at = at.plus(1, range.interval().unit())) {
            out.add(slot(at, range.interval()));
        }
        return out;
    }
}
