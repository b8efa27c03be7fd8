package io.ruleforge.diag;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every diagnostic code ruleforge reports, in one place: its default severity, a title, and help saying what to do.
 * {@code ruleforge explain RFnnnn} prints the help; the README's code table is this list (DiagnosticCodeRegistryTest
 * checks both that and that every {@code "RFnnnn"} in the sources is registered here).
 *
 * <p>Adding a code is one line here and one row in the README table. The per-stage holders ({@code LoadCodes},
 * {@code HarnessCodes}, …) only give these codes names in their stage's words. A code is never reused for another
 * meaning: users baseline, suppress and search for them.
 *
 * <p>Ranges: RF1xxx loading, RF2xxx schema, RF3xxx compilation, RF40xx fields and mapping files, RF41xx ATT&amp;CK,
 * RF5xxx the warnings baseline, RF6xxx fixtures and test runs, RF7xxx the version lock, RF8xxx diff bases, RF9xxx
 * writing outputs and internal errors. The default severity is the one the code usually has; a few codes are
 * reported at another severity where the help says so.
 */
public enum Code {
    RF1001(Severity.ERROR, "rule file or folder cannot be read",
            "Check that the path exists and is readable; a symbolic link must not be broken or loop back on itself."),
    RF1002(Severity.ERROR, "not a rule file format",
            "Rule files end in .toml, .yaml or .yml; rename the file or move it out of the rules folder."),
    RF1003(Severity.ERROR, "rule file too large",
            "A rule file is at most 2 MB and is not parsed beyond that; split it or remove what is not the rule."),
    RF1004(Severity.ERROR, "rule file is not UTF-8",
            "Save the file as UTF-8; the position names the first byte that is not."),
    RF1005(Severity.ERROR, "rule file is binary",
            "The file holds NUL bytes, so it is not a rule; remove it from the rules folder."),
    RF1006(Severity.ERROR, "rule file is empty",
            "Write the rule (a [metadata] and a [rule] table) or delete the file."),
    RF1007(Severity.WARNING, "no rule files",
            "The rules folder holds no .toml, .yaml or .yml file, so nothing is validated, tested or bundled; check --rules (rulesDirectory)."),
    RF1008(Severity.ERROR, "run refused: an option names nothing usable",
            "An option names something that does not exist or cannot be used (a Kibana or ES|QL version, a schema, a diff base, a folder); fix the option as the message says. The run's SARIF and reports/ say so too, so CI never shows the last green run's results."),
    RF1010(Severity.ERROR, "TOML syntax error",
            "Fix the TOML at the line and column given (quotes, brackets, a key given twice, nesting deeper than 64 levels)."),
    RF1011(Severity.ERROR, "YAML syntax error",
            "Fix the YAML at the line and column given; aliases, tags and nesting deeper than 64 levels are not supported in rule files."),
    RF1012(Severity.ERROR, "rule file is not a table",
            "The top of a rule file must be a table (TOML) or a mapping (YAML) holding metadata and rule."),
    RF2001(Severity.ERROR, "missing table",
            "Add the table the message names ([metadata] or [rule])."),
    RF2002(Severity.ERROR, "unknown key",
            "Remove the key or fix its spelling; the message names the closest known key."),
    RF2003(Severity.ERROR, "missing required field",
            "Add the field; which fields are required depends on the rule type."),
    RF2004(Severity.ERROR, "value of the wrong type",
            "Give the value the type the message names (string, integer, list, table)."),
    RF2005(Severity.ERROR, "value not one of the allowed values",
            "Use one of the values the message lists."),
    RF2006(Severity.ERROR, "value out of range",
            "Give a value within the range the message names (e.g. risk_score 0 to 100, max_signals at least 1)."),
    RF2007(Severity.ERROR, "bad interval",
            "Write an interval as a number and a unit: s, m, h or d (e.g. 5m)."),
    RF2008(Severity.ERROR, "bad date math",
            "Write from as Elasticsearch date math, e.g. now-6m."),
    RF2009(Severity.WARNING, "rule_id is not a UUID",
            "Give the rule a canonical UUID, e.g. one from uuidgen; Kibana accepts any string, detection-rules expects a UUID."),
    RF2010(Severity.ERROR, "bad metadata date",
            "Write dates as YYYY/MM/DD; updated_date must not be before creation_date (a warning)."),
    RF2011(Severity.ERROR, "bad threat mapping",
            "Each threat entry needs framework \"MITRE ATT&CK\" and a tactic with id, name and reference; fix the part the message names."),
    RF2012(Severity.ERROR, "duplicate rule_id",
            "Two rules share a rule_id, so one would overwrite the other in Kibana; give one of them a fresh UUID."),
    RF2013(Severity.ERROR, "duplicate rule name",
            "Two rules share a name, which detection-rules refuses; rename one of them."),
    RF2014(Severity.ERROR, "language does not fit the rule type",
            "Use the language the rule type runs (e.g. eql for type eql, kuery or lucene for query)."),
    RF2015(Severity.ERROR, "empty value",
            "Give the field a value or remove it."),
    RF2016(Severity.WARNING, "look-back shorter than the interval",
            "Events between two runs are never searched: make from reach back at least one interval (e.g. interval 5m, from now-6m)."),
    RF2017(Severity.WARNING, "bad field name",
            "A field name has no blank or empty segment (a.b, not a..b or \"a. b\"); fix the name."),
    RF2018(Severity.WARNING, "reference is not an http(s) URL",
            "Give references as http:// or https:// URLs."),
    RF2019(Severity.WARNING, "setup or note Markdown problem",
            "The setup or note text is empty or renders wrongly; fix the Markdown or remove the key."),
    RF2020(Severity.WARNING, "bad related_integrations version",
            "Give the version as a semver range, e.g. ^1.2.0."),
    RF2021(Severity.ERROR, "key not used by this rule type",
            "Remove the key, or change the rule type to one that uses it."),
    RF2022(Severity.WARNING, "rule file name used twice",
            "Two rule files in different folders share a file name, so they share a fixture folder, compiled file and report; rename one."),
    RF2023(Severity.ERROR, "rule_id not usable as a file name",
            "The bundle names each rule's file by its rule_id; give the rule an id without / or \\, control characters or : * ? \" < > | (a UUID)."),
    RF2024(Severity.ERROR, "bad exception list",
            "Fix the exception list file at the position given: each [[exceptions]] has an [exceptions.container] (list_id, name, description, type) and [[exceptions.items]] (name, description, entries), each entry a field with a type (match, match_any, wildcard, exists, list, nested), an operator (included or excluded) and the value its type takes. A value list is a file value_lists/<type>/<list id> below the exception lists folder, one value a line, each one Elasticsearch indexes in a field of that type."),
    RF2025(Severity.ERROR, "exception list or item defined twice",
            "Give each exception list its own list_id, and each item its own item_id, within a namespace_type, and each value list its own file name: Kibana finds lists and items by them."),
    RF2026(Severity.WARNING, "wildcard escapes a plain character",
            "Elasticsearch's wildcard query reads a backslash as an escape (\\P is P, \\* a literal star): write each backslash of a Windows path twice, or the item never matches the paths it names."),
    RF2027(Severity.WARNING, "empty value list",
            "An exception entry that tests an empty value list holds for every event (an ip_range list builds a bool of no clause, an excluded entry a must_not of nothing), but for an included entry on a keyword or ip list, which holds for none: add the values, or remove the entry."),
    RF3001(Severity.ERROR, "KQL syntax error",
            "Fix the query at the line and column given; the message says what was expected there."),
    RF3002(Severity.ERROR, "KQL cannot be translated to DSL",
            "Kibana would fail to translate this query too; rewrite the part the message names."),
    RF3003(Severity.INFO, "no EQL equivalent",
            "Nothing to fix: the KQL query has a part EQL cannot express, so it is not cross-checked against EQL."),
    RF3004(Severity.INFO, "query language not compiled",
            "Nothing to fix: ruleforge does not compile queries in this language yet, so they are not checked or tested."),
    RF3005(Severity.WARNING, "mappings disagree on a field's type or normalizer",
            "Two mapping files of the indices this rule searches type a field differently, or give a keyword different normalizers; make them agree or narrow the rule's index."),
    RF3006(Severity.WARNING, "exception item not applied",
            "The item tests a value list the project does not keep (keep it as value_lists/<type>/<list id> below the exception lists folder), or one Kibana does not build into the rule's search (a type other than keyword, ip and ip_range, more than 65,536 values, more than 200 ip ranges written first-last), or its expire_time has passed (Kibana no longer applies it): the rule's verdicts here are without it. Keep the list, change it as the message says, or renew or remove the item."),
    RF3008(Severity.INFO, "and within or without parentheses",
            "Nothing may be wrong: a and b or c is (a and b) or c, as the note spells out; write the parentheses to say what you mean, so a reviewer need not know that and binds tighter than or."),
    RF3101(Severity.ERROR, "EQL syntax error",
            "Fix the EQL query at the line and column given."),
    RF3102(Severity.ERROR, "invalid EQL query",
            "Elasticsearch would refuse this EQL query; the message leads with the verifier's finding (e.g. inconsistent-join-keys)."),
    RF3103(Severity.WARNING, "unknown field in an EQL query",
            "Check the field name (the message names the closest known one), or add the field with a mapping file (--mapping)."),
    RF3201(Severity.ERROR, "Lucene syntax error",
            "Fix the lucene-language query at the position given: Elasticsearch's query_string (Lucene's classic parser) refuses it, so the rule fails every run."),
    RF3501(Severity.ERROR, "ES|QL syntax error",
            "Fix the query at the position given; with 8.19 syntax selected, 9.x-only syntax (INLINE STATS) is refused."),
    RF3502(Severity.ERROR, "invalid ES|QL query",
            "Elasticsearch would reject the query: fix the unknown column or function, the arity or argument type the message names."),
    RF3503(Severity.WARNING, "unknown field in an ES|QL query",
            "The mapping of the FROM indices lacks the field: fix a typo, or give its mapping with --mapping / mappings."),
    RF3504(Severity.WARNING, "non-aggregating ES|QL query without METADATA",
            "Add METADATA _id, _version, _index after the FROM indices, so Kibana can de-duplicate the rule's alerts."),
    RF3505(Severity.WARNING, "ES|QL LIMIT above max_signals",
            "Kibana creates at most max_signals alerts per run; lower the LIMIT or raise max_signals."),
    RF3506(Severity.ERROR, "KQL() argument does not parse",
            "Fix the KQL inside KQL(\"…\"); the position points into the ES|QL string."),
    RF3507(Severity.WARNING, "ES|QL time unit unknown to 8.19",
            "Write the unit out (5 minutes, not 5m): Elasticsearch 8.19 rejects the short form."),
    RF3508(Severity.INFO, "AND within OR without parentheses in ES|QL",
            "Nothing may be wrong: a AND b OR c is (a AND b) OR c, as the note spells out; write the parentheses to say what you mean, so a reviewer need not know that AND binds tighter than OR."),
    RF4001(Severity.WARNING, "unknown field",
            "Check the field name (the message names the closest known one), or add the field with a mapping file (--mapping) if your indices have it. A field the rule names outside its query (new_terms, group_by, severity_mapping …) in a namespace the mapping has no field of at all is a note: ruleforge lacks that integration's mapping and cannot check it."),
    RF4002(Severity.WARNING, "CIDR on a field that is not an ip",
            "On a numeric or date field Elasticsearch fails (an error); on a keyword it matches the text, not the range: query an ip field or quote the value."),
    RF4003(Severity.ERROR, "wildcard on an ip or numeric field",
            "Elasticsearch fails on a wildcard there; use a range or a CIDR instead."),
    RF4004(Severity.WARNING, "range on a keyword field",
            "Elasticsearch compares keywords as text, so 10 < 9; query a numeric or ip field, or keep it if text order is meant."),
    RF4005(Severity.ERROR, "value not of the field's type",
            "Elasticsearch rejects the query: give a value of the field's type (a number, a date it can parse, a value within range)."),
    RF4006(Severity.ERROR, "field Elasticsearch cannot group, count or sort by",
            "Threshold, new_terms, a query rule's suppression, a threshold cardinality, a tiebreaker and timestamp_override need a field with doc values of a type Elasticsearch groups, counts or sorts by; name its keyword field (often the name without .text). Your mapping's doc_values: false (and a text field's fielddata: true) count; Kibana's experimental ES|QL approach to new_terms is not modelled."),
    RF4007(Severity.WARNING, "object named where a field is expected",
            "An object holds fields, not a value: grouped by threshold or new_terms, no event makes a group; in a suppression every event lacks it; name one of the fields below it."),
    RF4008(Severity.ERROR, "time field is not a date",
            "Kibana searches timestamp_override with a date range and asks for its values as dates, which Elasticsearch refuses on any other type; name a date field such as event.ingested."),
    RF4010(Severity.ERROR, "malformed mapping file",
            "Fix the JSON of the mapping file at the line and column given."),
    RF4011(Severity.ERROR, "unknown field type in a mapping",
            "Use a field type Elasticsearch has; the message names the closest one."),
    RF4012(Severity.ERROR, "no mapping in the mapping file",
            "Give a mapping, an index template or GET _mapping output (with properties)."),
    RF4013(Severity.ERROR, "compiled query Elasticsearch rejects",
            "Every search of the rule would fail: give values of the field types the query reaches (a wildcard field name reaches every field it matches, numeric ones too; name the fields instead)."),
    RF4014(Severity.WARNING, "component templates of an index template not given",
            "An index template that applies to the rule's indices is composed of component templates (composed_of) no mapping file holds, so the fields they give those indices are not read: give each with --mapping / mappings, as GET _component_template output or as its PUT _component_template body in a file named after it (logs@mappings.json)."),
    RF4015(Severity.ERROR, "query on a field Elasticsearch cannot search",
            "The field's mapping turns its index off and it has no doc values (index: false, doc_values: false; a text field's index: false): every search on it fails, and exists finds nothing. Query another field, or change the mapping."),
    RF4101(Severity.ERROR, "unknown ATT&CK tactic",
            "Use a tactic id of the ATT&CK Enterprise matrix (TAnnnn)."),
    RF4102(Severity.ERROR, "unknown ATT&CK technique",
            "Use a technique id of the ATT&CK Enterprise matrix (Tnnnn or Tnnnn.nnn)."),
    RF4103(Severity.ERROR, "technique not in the tactic",
            "Map the technique under a tactic it belongs to; the message names them."),
    RF4104(Severity.ERROR, "sub-technique under the wrong technique",
            "Put the sub-technique under its parent technique."),
    RF4105(Severity.ERROR, "reference names another id",
            "Make the reference URL name the same id as the entry."),
    RF4106(Severity.WARNING, "ATT&CK name changed",
            "Use the current name the message gives."),
    RF4107(Severity.WARNING, "revoked ATT&CK technique",
            "Map the rule to the replacement the message names."),
    RF4108(Severity.WARNING, "deprecated ATT&CK technique",
            "Map the rule to a current technique, or remove the deprecated one."),
    RF5001(Severity.ERROR, "unreadable baseline",
            "Fix ruleforge-baseline.json, or delete it and run ruleforge baseline (mvn ruleforge:baseline) again."),
    RF6001(Severity.ERROR, "fixture cannot be run",
            "Fix the fixture file at the line and column given: one JSON object per line, UTF-8, no key given twice, readable."),
    RF6002(Severity.WARNING, "rule has no fixtures",
            "Add <fixtures>/<rule file name>/positive.ndjson and negative.ndjson; a rule with nothing tested is UNTESTED, not a pass."),
    RF6003(Severity.WARNING, "rule has no positive fixture",
            "Add positive.ndjson with at least one event the rule must fire on."),
    RF6004(Severity.ERROR, "Elasticsearch rejects the rule's query",
            "The engine refused the query on the fixture index; fix the query the message quotes."),
    RF6005(Severity.WARNING, "query language not tested",
            "The harness does not evaluate this language yet, so the rule is UNTESTED; nothing to fix in the rule."),
    RF6006(Severity.ERROR, "EQL translation disagrees",
            "The KQL query and its EQL translation decide an event differently; please report it with the rule and event."),
    RF6007(Severity.ERROR, "engine unavailable",
            "Check the engine URL and credentials (RULEFORGE_ES_API_KEY, or RULEFORGE_ES_USERNAME and RULEFORGE_ES_PASSWORD)."),
    RF6008(Severity.ERROR, "rule file name cannot name a fixture folder",
            "Rename the rule file: . and .. cannot be fixture folders."),
    RF6009(Severity.WARNING, "stray fixture",
            "A fixture folder or file no rule reads; rename it to the name the message suggests, or remove it."),
    RF6010(Severity.ERROR, "no fixtures directory",
            "Create the fixtures directory or point --fixtures / fixturesDirectory at it."),
    RF6011(Severity.ERROR, "fixture value Elasticsearch cannot index",
            "Give the value the field's type in the rule's mapping (the message names both), or fix the mapping. An index with ignore_malformed (the field's, or index.mapping.ignore_malformed, which Elastic's logs-*-* data streams set) keeps such an event without the value: give that mapping or template with --mapping and the fixture is indexed so."),
    RF6012(Severity.INFO, "generated cases capped",
            "Nothing to fix: the rule's IP exclusions call for more generated cases than the per-rule cap, and the rest are skipped."),
    RF6013(Severity.ERROR, "fixture case failed",
            "The rule fired on an event it must stay quiet on, or the reverse: fix the query or the fixture the message names."),
    RF6014(Severity.ERROR, "ES|QL query not evaluated on fixtures",
            "The ES|QL evaluator cannot run a command or function of this query on the fixtures (the message names it), so the rule's fixtures and cases fail: rewrite that part, or remove the fixtures and accept the rule as untested."),
    RF6015(Severity.INFO, "exception lists not applied",
            "The rule names exception lists that are not in the project's exceptions folder: they live in Kibana, so its fixtures, cases and replay are decided without their items. Export them into the exceptions folder (detection-rules' [[exceptions]] layout) to have them tested."),
    RF6016(Severity.ERROR, "ruleforge cannot decide the rule's query",
            "A field the query reads has a mapping ruleforge does not model (a keyword normalizer other than lowercase, null_value, copy_to, an analyzer of its own, coerce: false, a runtime field or dynamic template …), so its verdicts would be guesses: decide the fixtures with --engine (the index ruleforge creates carries the mapping file's parameters as written, and the normalizers' definitions), or change the mapping."),
    RF6017(Severity.ERROR, "no rule tested",
            "Not one rule of the run was tested (every rule is UNTESTED, or there is none), so nothing shows that any rule fires on its attack or stays quiet on look-alikes: add positive.ndjson and negative.ndjson (or a multi-event case) for a rule under the fixtures folder. A run with at least one tested rule reports the untested ones as warnings (RF6002)."),
    RF6018(Severity.WARNING, "exception list_id is a typo of a project list",
            "The rule names an exception list the project does not keep, a typo away from one it keeps: its fixtures and cases are decided without it, and Kibana has no such list either. Correct the list_id (the message names the list meant)."),
    RF6201(Severity.ERROR, "bad multi-event case file",
            "Fix the case file at the position given (JSON, keys, @timestamp order, counts); the rule's other cases still run."),
    RF6202(Severity.ERROR, "single-event fixtures on a multi-event rule type",
            "Threshold, new_terms and indicator match rules alert on streams of events: move the events into test-fixtures/<rule>/cases/<name>.json with the alerts they must give."),
    RF6203(Severity.WARNING, "cases not run for this rule type",
            "Multi-event cases are run for threshold, new_terms, indicator match, suppressed query rules and ES|QL; this rule's cases are not run yet."),
    RF6205(Severity.WARNING, "stray file in a cases folder",
            "Only <case name>.json files in cases/ are read: rename the file or delete it."),
    RF6302(Severity.WARNING, "Lucene query not evaluated",
            "The rule uses Lucene syntax the evaluator does not model (fuzzy terms, phrase slop …, named in the message); it is compiled and bundled but not tested."),
    RF6501(Severity.ERROR, "recorded events cannot be read",
            "Replay reads NDJSON (one event per line), .ndjson.gz and saved _search responses; fix the line the position names."),
    RF6502(Severity.ERROR, "rule noisier than the alert budget",
            "The rule alerted more often on the recorded events than --max-alerts / maxAlerts allows: narrow the query, add exclusions, or raise the budget."),
    RF6503(Severity.WARNING, "rule not replayed",
            "Replay decides query, EQL, threshold, new_terms, ES|QL and (with --indicators) indicator match rules; this rule's type is not replayed, it is an indicator match rule without the threat index, it did not compile, its Lucene query uses syntax ruleforge does not evaluate (RF6302), or its query would be rejected: the message says which."),
    RF6504(Severity.WARNING, "recorded events outside the replayed timeline",
            "Replay places each rule's runs on the events' @timestamp: give every event a @timestamp and sort each input file by it (several files are merged by time, each opened when the merge reaches its first event; at most 128 are open at once)."),
    RF6505(Severity.WARNING, "no recorded events",
            "The events input holds no event (an export that failed upstream leaves an empty file): nothing was replayed, and an alert budget proves nothing. Check --events (events)."),
    RF6506(Severity.WARNING, "recorded events of an index no rule searches",
            "A rule decides only the events of the indices its index patterns match; these events' index (a hit's _index, an event's data_stream, or --index) matches none: check --index and the rules' index patterns."),
    RF6601(Severity.ERROR, "cluster rejects the rule's backtest search",
            "The cluster refused the rule's search over its index patterns (the message quotes Elasticsearch's reason): fix the query, or the mapping of the field it names."),
    RF6602(Severity.WARNING, "rule not backtested",
            "Backtest runs query, EQL, ES|QL, threshold and new_terms rules over their index patterns; this rule's type, its data view, or the cluster (no EQL or ES|QL) leaves it out, as the message says."),
    RF7001(Severity.ERROR, "rule changed without a version bump",
            "Run mvn ruleforge:lock (or ruleforge lock) and commit version.lock.json with the change."),
    RF7002(Severity.WARNING, "rule not in the version lock",
            "Run mvn ruleforge:lock (or ruleforge lock) and commit version.lock.json."),
    RF7003(Severity.ERROR, "bad version lock file",
            "Fix version.lock.json (each entry a positive version and a SHA-256 of 64 hex digits) or write it again with ruleforge lock."),
    RF7004(Severity.ERROR, "duplicate version lock entry",
            "Remove one of the two entries for the rule."),
    RF7005(Severity.ERROR, "version lock key is not a UUID",
            "Lock keys are rule_ids; a warning when a rule has that id (Kibana accepts it), an error when none does: remove the entry."),
    RF7006(Severity.WARNING, "rule version disagrees with the lock",
            "The locked version is deployed; remove version from the rule file (the lock keeps it) or set it to the lock's. Running ruleforge lock helps only when the file's version is the higher: the lock then takes it."),
    RF7007(Severity.WARNING, "no version lock",
            "Run mvn ruleforge:lock (or ruleforge lock) once and commit version.lock.json; until then no version is checked."),
    RF8001(Severity.WARNING, "malformed line in the base bundle",
            "The base bundle line is not JSON; the diff leaves it out. Compare with another base or fix the bundle."),
    RF8002(Severity.WARNING, "base bundle line is not a rule",
            "The line has no rule_id (e.g. an export summary or exception list); the diff leaves it out."),
    RF8003(Severity.WARNING, "base bundle holds no rule",
            "Every rule shows as added: the base given is no rule set (an events file, an empty file). Give the rules.ndjson of a ruleforge bundle or a Kibana rule export; for a first release, diff against a git revision without rules instead."),
    RF9001(Severity.ERROR, "output cannot be written",
            "Make the path the message names writable (permissions, free space, not a file where a folder is needed)."),
    RF9999(Severity.ERROR, "internal error",
            "A fault in ruleforge, not in your rule: please report it with the rule file; the other rules are still processed.");

    private final Severity severity;
    private final String title;
    private final String help;

    Code(Severity severity, String title, String help) {
        this.severity = severity;
        this.title = title;
        this.help = help;
    }

    /** The code as reports print it, e.g. {@code RF2009}. */
    public String id() {
        return name();
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    /** What the code means and what to do about it. */
    public String help() {
        return help;
    }

    /** The registered code {@code id}, case-insensitively ({@code rf2009} is {@code RF2009}). */
    public static Optional<Code> find(String id) {
        String wanted = id.strip().toUpperCase(java.util.Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.name().equals(wanted)).findFirst();
    }

    /** The registered codes closest to {@code id}, for a did-you-mean; none when nothing is close. */
    public static List<Code> nearest(String id) {
        String wanted = id.strip().toUpperCase(java.util.Locale.ROOT);
        int best = Arrays.stream(values()).mapToInt(c -> EditDistance.between(wanted, c.name(), 3)).min().orElse(Integer.MAX_VALUE);
        if (best > 2) {
            return List.of();
        }
        return Arrays.stream(values()).filter(c -> EditDistance.between(wanted, c.name(), 3) == best)
                .sorted(Comparator.comparing(Code::name)).limit(3).toList();
    }
}
