package io.ruleforge.eql;

import io.ruleforge.eql.verify.EqlProblem;
import io.ruleforge.eql.verify.EqlVerifier;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.ql.SourceSpan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EqlVerifierTest {

    private static final FieldSchema ECS = EcsSchemas.load("9.4.0");

    private static List<EqlProblem> verify(String query) {
        return verify(query, ECS);
    }

    private static List<EqlProblem> verify(String query, FieldSchema schema) {
        EqlParseResult r = EqlParser.parse(query);
        assertThat(r).as(query).isInstanceOf(EqlParseResult.Success.class);
        return new EqlVerifier(schema).verify(((EqlParseResult.Success) r).query());
    }

    private static List<String> codes(String query) {
        return verify(query).stream().map(EqlProblem::code).toList();
    }

    private static EqlProblem only(String query) {
        List<EqlProblem> problems = verify(query);
        assertThat(problems).as(query).hasSize(1);
        return problems.get(0);
    }

    @Test
    void cleanQueriesHaveNoProblems() {
        assertThat(verify("process where process.name : \"cmd.exe\" and process.pid > 4 and "
                + "cidrMatch(destination.ip, \"10.0.0.0/8\") and startsWith~(process.command_line, \"x\") and "
                + "length(process.args) > 2 and dll.code_signature.trusted == true")).isEmpty();
        assertThat(verify("sequence by host.id with maxspan=1m [process where true] ![file where true] [network where true]")).isEmpty();
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        List<EqlProblem> problems = verify("sequence [process where wildcard(process.name, \"x\") and length(process.name, 1) > 0] "
                + "by host.id [file where process.name == process.parent.name] ![network where true]");
        assertThat(problems).extracting(EqlProblem::code).containsExactlyInAnyOrder(
                "inconsistent-join-keys", "inconsistent-join-keys", "missing-event-needs-maxspan",
                "unknown-function", "function-arity", "field-comparison");
        assertThat(problems).allMatch(p -> p.severity() == EqlProblem.Severity.ERROR);
    }

    @Test
    void joinKeyCountsIncludeSequenceLevelKeysAndUntil() {
        assertThat(codes("sequence by host.id [process where true] by process.pid [file where true] by process.pid")).isEmpty();
        EqlProblem p = only("sequence by host.id [process where true] [file where true] until [process where true] by process.pid");
        assertThat(p.code()).isEqualTo("inconsistent-join-keys");
        assertThat(p.message()).isEqualTo("Inconsistent number of join keys specified; expected [1] but found [2]");
    }

    @Test
    void sampleNeedsAJoinKey() {
        assertThat(codes("sample [process where true] [file where true]")).containsExactly("sample-needs-join-key");
        assertThat(codes("sample [process where true] by host.id [file where true] by host.id")).isEmpty();
    }

    @Test
    void missingEventTermsNeedMaxspanAndAPositiveTerm() {
        assertThat(codes("sequence with maxspan=1m ![process where true] ![file where true]"))
                .containsExactly("missing-event-needs-positive-term");
    }

    @Test
    void fieldComparisonsAreRejectedAlsoThroughFunctionsAndLists() {
        String query = "process where process.name == process.parent.name";
        EqlProblem p = only(query);
        assertThat(p.code()).isEqualTo("field-comparison");
        assertThat(p.span()).isEqualTo(new SourceSpan(14, query.length()));
        assertThat(codes("process where length(process.name) < process.pid + 1")).containsExactly("field-comparison");
        assertThat(codes("process where process.name in (\"a\", process.parent.name)")).containsExactly("field-comparison");
        assertThat(codes("process where length(process.name) == 3 + 4")).isEmpty();
    }

    @Test
    void functionSignatures() {
        EqlProblem unknown = only("process where arrayContains(process.args, \"x\")");
        assertThat(unknown.message()).isEqualTo("Unknown function [arrayContains]");
        assertThat(only("process where substring(process.name)").message())
                .isEqualTo("substring takes 2 to 3 arguments, found 1");
        assertThat(only("process where concat() == \"\"").message()).isEqualTo("concat takes at least 1 argument, found 0");
        assertThat(only("process where length~(process.name) == 1").code()).isEqualTo("function-case-insensitive");
        assertThat(codes("process where CIDRMATCH(destination.ip, \"10.0.0.0/8\")")).isEmpty();
        assertThat(codes("process where cidrMatch(destination.ip, process.name)")).containsExactly("function-constant-argument");
        assertThat(codes("process where cidrMatch(destination.ip, \"10.0.0.0/33\")")).containsExactly("invalid-cidr");
    }

    @Test
    void typeMismatches() {
        EqlProblem cidr = only("process where cidrMatch(process.name, \"10.0.0.0/8\")");
        assertThat(cidr.code()).isEqualTo("argument-type");
        assertThat(cidr.message()).isEqualTo("cidrMatch argument [ip] needs an ip field, found field [process.name] of type keyword");
        assertThat(codes("network where startsWith(destination.ip, \"10.\")")).containsExactly("argument-type");
        assertThat(codes("process where endsWith(process.pid, \"1\")")).containsExactly("argument-type");
        assertThat(codes("process where process.pid : \"1*\"")).containsExactly("argument-type");
        assertThat(codes("network where destination.ip like \"10.*\"")).containsExactly("argument-type");
        assertThat(codes("process where add(process.name, 1) == 2")).containsExactly("argument-type");
        assertThat(codes("process where process.name + 1 == 2")).containsExactly("argument-type");
        assertThat(codes("process where process.name : 5")).containsExactly("pattern-not-string");
        assertThat(codes("network where destination.ip == \"10.0.0.0/8\"")).containsExactly("invalid-ip");
        assertThat(codes("network where destination.ip in (\"10.0.0.1\", \"::1\")")).isEmpty();
    }

    @Test
    void fieldMappingProblems() {
        EqlProblem unknown = only("process where foo.bar == 1 and foo.bar == 2");
        assertThat(unknown.severity()).isEqualTo(EqlProblem.Severity.WARNING);
        assertThat(unknown.message()).isEqualTo("field [foo.bar] is not in ecs-9.4.0");
        assertThat(codes("process where ?foo.bar == 1")).isEmpty();
        // a misspelt known field gets the same hint as in KQL
        assertThat(only("process where user.nmae == \"root\"").message())
                .isEqualTo("field [user.nmae] is not in ecs-9.4.0; did you mean user.name?");
        assertThat(codes("any where message : \"x\"")).containsExactly("text-field");
        assertThat(codes("any where dll.pe.sections.name == \"x\"")).containsExactly("nested-field");
        assertThat(verify("any where foo.bar : \"x\" and message : \"x\"", FieldSchema.none())).isEmpty();
    }

    /** Elasticsearch's spec INWithCondition: dynamic mapping's text + .keyword is searched through the keyword. */
    @Test
    void textFieldWithKeywordSubFieldIsSearchable() {
        FieldSchema dynamic = FieldSchema.of("dynamic", List.of(new FieldMapping("file_name", "text"),
                new FieldMapping("file_name.keyword", "keyword", 256), new FieldMapping("body", "text"),
                new FieldMapping("body.words", "text")));
        assertThat(verify("file where file_name in (\"wininit.exe\", \"lsass.exe\")", dynamic)).isEmpty();
        EqlProblem onlyText = verify("file where body : \"x\"", dynamic).get(0);
        assertThat(onlyText.code()).isEqualTo("text-field");
        assertThat(onlyText.message()).isEqualTo(
                "field [body] is of type text without a keyword sub-field and cannot be searched with EQL; use a keyword field");
    }

    /** Elasticsearch's optionalFieldAsQueryKeysOnly: an optional field the mapping lacks is null, not a field. */
    @Test
    void unmappedOptionalFieldsAreNoFieldComparison() {
        assertThat(codes("any where ?unmapped.x == ?unmapped.y")).isEmpty();
        assertThat(codes("any where ?process.name == ?process.executable")).containsExactly("field-comparison");
    }

    @Test
    void aliasFieldsAreCheckedAsTheFieldTheyStandFor() {
        FieldSchema aliased = FieldSchema.of("aliased", List.of(new FieldMapping("pid", "long"),
                FieldMapping.alias("process.pid", "pid"), FieldMapping.alias("dangling", "nowhere")));
        assertThat(verify("process where process.pid > 4", aliased)).isEmpty();
        assertThat(verify("process where startsWith(process.pid, \"4\")", aliased))
                .extracting(EqlProblem::code).containsExactly("argument-type");
        assertThat(verify("process where dangling == 1", aliased))
                .extracting(EqlProblem::code).containsExactly("unknown-field");
    }
}
