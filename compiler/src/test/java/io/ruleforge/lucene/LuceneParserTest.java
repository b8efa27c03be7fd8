package io.ruleforge.lucene;

import io.ruleforge.lucene.LuceneNode.Bool;
import io.ruleforge.lucene.LuceneNode.Clause;
import io.ruleforge.lucene.LuceneNode.Exists;
import io.ruleforge.lucene.LuceneNode.Occur;
import io.ruleforge.lucene.LuceneNode.Range;
import io.ruleforge.lucene.LuceneNode.Regexp;
import io.ruleforge.lucene.LuceneNode.Term;
import io.ruleforge.lucene.LuceneNode.Unsupported;
import io.ruleforge.lucene.LuceneNode.Wildcard;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LuceneParserTest {

    private static LuceneNode parse(String query) {
        LuceneParseResult result = LuceneParser.parse(query);
        assertThat(result).isInstanceOf(LuceneParseResult.Success.class);
        return ((LuceneParseResult.Success) result).root();
    }

    private static LuceneSyntaxError error(String query) {
        LuceneParseResult result = LuceneParser.parse(query);
        assertThat(result).isInstanceOf(LuceneParseResult.Failure.class);
        return ((LuceneParseResult.Failure) result).error();
    }

    @Test
    void fieldedTermsJoinedByAndAreRequiredClauses() {
        assertThat(parse("event.category:process AND process.name:chmod")).isEqualTo(new Bool(List.of(
                new Clause(Occur.MUST, new Term(Optional.of("event.category"), "process", false)),
                new Clause(Occur.MUST, new Term(Optional.of("process.name"), "chmod", false)))));
    }

    @Test
    void bareTermsWithoutOperatorStayOneText() {
        // Lucene's operators are upper case only, and its parser no longer splits on whitespace: Elasticsearch gets
        // "start or process_started" as one text for the field's analyzer
        assertThat(parse("event.type:(start or process_started)"))
                .isEqualTo(new Term(Optional.of("event.type"), "start or process_started", false));
        assertThat(parse("event.type:(start OR process_started)")).isEqualTo(new Bool(List.of(
                new Clause(Occur.SHOULD, new Term(Optional.of("event.type"), "start", false)),
                new Clause(Occur.SHOULD, new Term(Optional.of("event.type"), "process_started", false)))));
    }

    @Test
    void elasticsearchOneSidedRangesAreRanges() {
        assertThat(parse("destination.port:>=1024")).isEqualTo(
                new Range(Optional.of("destination.port"), Optional.of("1024"), Optional.empty(), true, true));
        assertThat(parse("destination.port:<80")).isEqualTo(
                new Range(Optional.of("destination.port"), Optional.empty(), Optional.of("80"), true, false));
    }

    @Test
    void regexpWildcardRangeExistsAndPhraseAreKept() {
        assertThat(parse("process.args:/2[0-9]{3}/")).isEqualTo(new Regexp(Optional.of("process.args"), "2[0-9]{3}"));
        assertThat(parse("process.name:pw*sh")).isEqualTo(new Wildcard(Optional.of("process.name"), "pw*sh"));
        assertThat(parse("process.name:power*")).isEqualTo(new Wildcard(Optional.of("process.name"), "power*"));
        assertThat(parse("process.name:*")).isEqualTo(new Exists("process.name"));
        assertThat(parse("_exists_:user.name")).isEqualTo(new Exists("user.name"));
        assertThat(parse("destination.port:[1024 TO *}")).isEqualTo(
                new Range(Optional.of("destination.port"), Optional.of("1024"), Optional.empty(), true, false));
        assertThat(parse("message:\"hello world\"")).isEqualTo(new Term(Optional.of("message"), "hello world", true));
    }

    @Test
    void escapesAreResolvedInTermsAndKeptInWildcards() {
        assertThat(parse("process.args:g\\+s")).isEqualTo(new Term(Optional.of("process.args"), "g+s", false));
        assertThat(parse("file.path:C\\:\\\\Windows\\\\*")).isEqualTo(new Wildcard(Optional.of("file.path"), "C\\:\\\\Windows\\\\*"));
    }

    @Test
    void termsWithoutFieldSearchTheDefaultField() {
        assertThat(parse("mimikatz")).isEqualTo(new Term(Optional.empty(), "mimikatz", false));
    }

    @Test
    void negationAloneIsAMustNotClause() {
        assertThat(parse("NOT user.name:root")).isEqualTo(new Bool(List.of(
                new Clause(Occur.MUST_NOT, new Term(Optional.of("user.name"), "root", false)))));
    }

    @Test
    void fuzzyAndSlopAreMarkedUnsupported() {
        assertThat(parse("user.name:admin~")).isInstanceOf(Unsupported.class);
        assertThat(parse("message:\"a b\"~2")).isInstanceOf(Unsupported.class);
    }

    @Test
    void syntaxErrorsNameTheOffendingTokenAndItsOffset() {
        LuceneSyntaxError unclosed = error("process.name:(a OR b");
        assertThat(unclosed.offset()).isEqualTo("process.name:(a OR b".length());
        assertThat(unclosed.message()).contains("end of input");
        LuceneSyntaxError dangling = error("process.name:chmod AND");
        assertThat(dangling.offset()).isEqualTo("process.name:chmod AND".length());
        LuceneSyntaxError colon = error("a:b AND :c");
        assertThat(colon.offset()).isEqualTo(8);
        assertThat(colon.message()).contains("\":\"");
    }

    @Test
    void lexicalErrorsArePositionedToo() {
        LuceneSyntaxError error = error("process.name:\"unterminated");
        assertThat(error.offset()).isBetween(13, "process.name:\"unterminated".length());
    }
}
