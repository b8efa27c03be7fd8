package io.ruleforge.kql;

import io.ruleforge.kql.KqlNode.And;
import io.ruleforge.kql.KqlNode.Is;
import io.ruleforge.kql.KqlNode.Not;
import io.ruleforge.kql.KqlNode.Or;
import io.ruleforge.kql.KqlNode.Range;
import io.ruleforge.kql.KqlValue.Literal;
import io.ruleforge.kql.KqlValue.Star;
import io.ruleforge.kql.KqlValue.Text;
import io.ruleforge.kql.KqlValue.Wildcard;
import io.ruleforge.ql.SourceSpan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The quirks of KQL_SPEC §2–§3, checked on the AST. */
class KqlParserTest {

    private static final KibanaVersion V8 = KibanaVersion.V8_12;

    // ------------------------------------------------------------------ helpers

    private static KqlNode parse(String query) {
        return parse(query, V8);
    }

    private static KqlNode parse(String query, KibanaVersion version) {
        KqlParseResult result = KqlParser.parse(query, version);
        assertThat(result).as("parse of %s", query).isInstanceOf(KqlParseResult.Success.class);
        return ((KqlParseResult.Success) result).query().root();
    }

    private static KqlSyntaxError error(String query) {
        KqlParseResult result = KqlParser.parse(query, V8);
        assertThat(result).as("parse of %s", query).isInstanceOf(KqlParseResult.Failure.class);
        return ((KqlParseResult.Failure) result).error();
    }

    private static Is is(KqlNode node) {
        assertThat(node).isInstanceOf(Is.class);
        return (Is) node;
    }

    /** The value of a field:value leaf, as a plain Java value (String, Boolean, null). */
    private static Object valueOf(String query) {
        KqlValue value = is(parse(query)).value();
        assertThat(value).isInstanceOf(Literal.class);
        return ((Literal) value).value();
    }

    private static Object fieldOf(String query) {
        KqlValue field = is(parse(query)).field();
        assertThat(field).isInstanceOf(Literal.class);
        return ((Literal) field).value();
    }

    // ------------------------------------------------------------------ keywords

    @Test
    void keywordsAreCaseInsensitive() {
        KqlNode node = parse("a:1 AnD b:2 oR c:3");
        assertThat(node).isInstanceOf(Or.class);
        assertThat(((Or) node).children().get(0)).isInstanceOf(And.class);
    }

    @Test
    void andBindsTighterThanOrAndChainsAreFlat() {
        Or or = (Or) parse("a:1 and b:2 or c:3 or d:4");
        assertThat(or.children()).hasSize(3);
        assertThat(((And) or.children().get(0)).children()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"android", "nota", "oregon", "not", "or", "and"})
    void wordsStartingLikeKeywordsArePlainValues(String word) {
        assertThat(valueOf("x:" + word)).isEqualTo(word);
    }

    @Test
    void keywordWithoutWhitespaceAfterIsSwallowedIntoTheTerm() {
        assertThat(valueOf("a:1 and")).isEqualTo("1 and");
        assertThat(valueOf("x:a or")).isEqualTo("a or");
        Is inList = is(parse("a:(b or)"));
        assertThat(((Literal) inList.value()).value()).isEqualTo("b or");
        assertThat(fieldOf("or a:1")).isEqualTo("or a");
    }

    @Test
    void keywordRightAfterAnOpeningBracketIsATerm() {
        // Kibana's grammar eats the whitespace after "(" before looking for a keyword
        assertThat(((Literal) is(parse("( or a:1)")).field()).value()).isEqualTo("or a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not(a:1)", "a:1 and(b:2)", "(a:1)and(b:2)", "not not a:1", "NOT NOT a:1", "x:not a"})
    void misplacedKeywordsAreSyntaxErrors(String query) {
        assertThat(KqlParser.parse(query, V8)).isInstanceOf(KqlParseResult.Failure.class);
    }

    @Test
    void notNeedsWhitespaceAndAppliesToGroupsOrExpressions() {
        assertThat(parse("not (a:1)")).isInstanceOf(Not.class);
        Not outer = (Not) parse("not (not a:1)");
        assertThat(outer.child()).isInstanceOf(Not.class);
        assertThat(parse("NOT\ta:1")).isInstanceOf(Not.class);
    }

    @Test
    void notInsideATermIsTextUnlessWhitespaceFollows() {
        assertThat(valueOf("x:cannot")).isEqualTo("cannot");
        assertThat(valueOf("x:(a not)")).isEqualTo("a not");
        // every term character is checked for a following `not ` keyword, as in Kibana (found by differential fuzzing)
        assertThat(error("x:cannot be").offset()).isEqualTo(5);
        assertThat(error("x:a not b").offset()).isEqualTo(4);
        assertThat(error("x:a*not b").offset()).isEqualTo(4);
    }

    @Test
    void nonBreakingSpaceIsWhitespace() {
        KqlNode node = parse("a:1\u00A0and\u00A0b:2");
        assertThat(node).isInstanceOf(And.class);
        assertThat(valueOf("\u00A0x:y\u00A0")).isEqualTo("y");
    }

    // ------------------------------------------------------------------ terms

    @Test
    void interiorWhitespaceIsKeptAndTheTermTrimmed() {
        assertThat(valueOf("message:hello world")).isEqualTo("hello world");
        assertThat(valueOf("x:a b c")).isEqualTo("a b c");
        assertThat(valueOf("x :  a  b  ")).isEqualTo("a  b");
        assertThat(fieldOf("  my field :v")).isEqualTo("my field");
    }

    @Test
    void escapesInUnquotedTerms() {
        assertThat(valueOf("x:foo\\:bar")).isEqualTo("foo:bar");
        assertThat(valueOf("x:\\(\\)\\<\\>\\\"\\{\\}\\\\")).isEqualTo("()<>\"{}\\");
        assertThat(valueOf("x:\\and")).isEqualTo("and");
        assertThat(valueOf("x:a\\OR")).isEqualTo("aOR");
        assertThat(valueOf("x:\\Not")).isEqualTo("Not");
        // Kibana reads `\n` before `\not`: a newline (trimmed away) followed by "ot"
        assertThat(valueOf("x:\\not")).isEqualTo("ot");
        assertThat(valueOf("x:a\\notb")).isEqualTo("a\notb");
        assertThat(valueOf("x:a\\tb\\rc\\nd")).isEqualTo("a\tb\rc\nd");
        assertThat(valueOf("x:\\u0041\\u00e9")).isEqualTo("Aé");
        assertThat(valueOf("x:\\u0041", KibanaVersion.V7_17)).isEqualTo("A");
    }

    private static Object valueOf(String query, KibanaVersion version) {
        return ((Literal) is(parse(query, version)).value()).value();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:\\W", "x:a\\.b", "x:a\\ b", "x:\\-a", "x:\\u00G1", "x:\\u41"})
    void otherEscapesAreSyntaxErrors(String query) {
        KqlSyntaxError e = error(query);
        assertThat(e.offset()).isEqualTo(query.indexOf('\\'));
        assertThat(e.found()).isEqualTo("\"\\\\\"");
    }

    @Test
    void escapedStarIsLiteralAndUnescapedStarIsAWildcard() {
        assertThat(valueOf("x:a\\*")).isEqualTo("a*");
        KqlValue path = is(parse("file.path:C\\:\\\\Windows\\\\*")).value();
        assertThat(path).isEqualTo(new Wildcard(List.of(new Text("C:\\Windows\\"), new Star()), path.span()));
    }

    @Test
    void wildcardsInFieldNamesAndValues() {
        Is node = is(parse("process.*:cmd*"));
        assertThat(node.field()).isInstanceOf(Wildcard.class);
        assertThat(((Wildcard) node.value()).parts()).containsExactly(new Text("cmd"), new Star());
        Is exists = is(parse("process.name:*"));
        assertThat(((Wildcard) exists.value()).isLoneStar()).isTrue();
    }

    @Test
    void trueFalseNullAreTypedOnlyWhenUnquotedAndExact() {
        assertThat(valueOf("x:true")).isEqualTo(Boolean.TRUE);
        assertThat(valueOf("x:false")).isEqualTo(Boolean.FALSE);
        assertThat(valueOf("x:null")).isNull();
        assertThat(valueOf("x:\"true\"")).isEqualTo("true");
        assertThat(valueOf("x:True")).isEqualTo("True");
        assertThat(valueOf("x:443")).isEqualTo("443");
        assertThat(fieldOf("null:foo")).isNull();
    }

    // ------------------------------------------------------------------ quoted strings

    @Test
    void quotedStringsAndTheirEscapes() {
        assertThat(valueOf("x:\"a\\\"b\"")).isEqualTo("a\"b");
        assertThat(valueOf("x:\"C:\\\\Windows\"")).isEqualTo("C:\\Windows");
        assertThat(valueOf("x:\"C:\\Windows\\System32\"")).isEqualTo("C:\\Windows\\System32");
        assertThat(valueOf("x:\"a\\*\"")).isEqualTo("a\\*");
        assertThat(valueOf("x:\"a\\tb\\nc\"")).isEqualTo("a\tb\nc");
        assertThat(valueOf("x:\"*cmd* (x) : y\"")).isEqualTo("*cmd* (x) : y");
        assertThat(valueOf("x:\"line1\nline2\"")).isEqualTo("line1\nline2");
        Literal quoted = (Literal) is(parse("x:\"v\"")).value();
        assertThat(quoted.quoted()).isTrue();
    }

    @Test
    void unicodeEscapeInQuotesDependsOnVersion() {
        assertThat(valueOf("x:\"\\u0041\"", KibanaVersion.V8_9)).isEqualTo("A");
        assertThat(valueOf("x:\"\\u0041\"", KibanaVersion.V7_17)).isEqualTo("\\u0041");
    }

    @Test
    void emptyQuotedStringIsAllowedAsValueAndField() {
        assertThat(valueOf("x:\"\"")).isEqualTo("");
        assertThat(fieldOf("\"\":x")).isEqualTo("");
    }

    @Test
    void singleQuotesAreOrdinaryCharacters() {
        assertThat(valueOf("x:'a'")).isEqualTo("'a'");
    }

    // ------------------------------------------------------------------ structure

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t\u00A0"})
    void emptyOrBlankQueryIsMatchAll(String query) {
        Is node = is(parse(query));
        assertThat(((Wildcard) node.field()).isLoneStar()).isTrue();
        assertThat(((Wildcard) node.value()).isLoneStar()).isTrue();
    }

    @Test
    void bareValueHasNoField() {
        Is node = is(parse("cmd.exe"));
        assertThat(node.field()).isNull();
    }

    @Test
    void ranges() {
        Range range = (Range) parse("x >= 5");
        assertThat(range.operator()).isEqualTo(RangeOperator.GTE);
        assertThat(((Literal) range.value()).value()).isEqualTo("5");
        assertThat(((Range) parse("@timestamp<now-1d")).operator()).isEqualTo(RangeOperator.LT);
        assertThat(((Range) parse("x <= \"a b\"")).operator()).isEqualTo(RangeOperator.LTE);
        assertThat(((Range) parse("x > *")).value()).isInstanceOf(Wildcard.class);
    }

    @Test
    void valueListDistributesTheFieldOverEveryLeaf() {
        Or or = (Or) parse("a:(1 or not 2)");
        assertThat(or.children()).hasSize(2);
        Is first = is(or.children().get(0));
        assertThat(((Literal) first.field()).value()).isEqualTo("a");
        Not second = (Not) or.children().get(1);
        assertThat(((Literal) is(second.child()).field()).value()).isEqualTo("a");
        assertThat(((Literal) is(second.child()).value()).value()).isEqualTo("2");

        And and = (And) parse("a:((1 or 2) and 3)");
        assertThat(and.children().get(0)).isInstanceOf(Or.class);
    }

    @Test
    void nestedGroups() {
        KqlNode.Nested outer = (KqlNode.Nested) parse("a:{ b:{ c:d } }");
        assertThat(((Literal) outer.path()).value()).isEqualTo("a");
        KqlNode.Nested inner = (KqlNode.Nested) outer.child();
        assertThat(((Literal) is(inner.child()).field()).value()).isEqualTo("c");
    }

    @Test
    void parenthesesLeaveNoNode() {
        assertThat(parse("((a:1))")).isInstanceOf(Is.class);
    }

    @Test
    void spansPointIntoTheQuery() {
        String q = "a:1 and not b:\"x\"";
        And and = (And) parse(q);
        assertThat(and.span()).isEqualTo(new SourceSpan(0, q.length()));
        Is first = is(and.children().get(0));
        assertThat(first.span()).isEqualTo(new SourceSpan(0, 3));
        assertThat(first.value().span()).isEqualTo(new SourceSpan(2, 3));
        Not not = (Not) and.children().get(1);
        assertThat(not.span()).isEqualTo(new SourceSpan(8, q.length()));
        assertThat(is(not.child()).value().span()).isEqualTo(new SourceSpan(14, q.length()));
    }

    // ------------------------------------------------------------------ errors

    @Test
    void noImplicitAnd() {
        KqlSyntaxError e = error("a:1 b:2");
        assertThat(e.offset()).isEqualTo(5);
        assertThat(e.found()).isEqualTo("\":\"");
        assertThat(e.message()).startsWith("Expected ").endsWith(" but \":\" found.");
        assertThat(error("a:b:c").offset()).isEqualTo(3);
    }

    @Test
    void danglingFieldReportsEndOfInput() {
        KqlSyntaxError e = error("a:");
        assertThat(e.offset()).isEqualTo(2);
        assertThat(e.found()).isEqualTo("end of input");
        assertThat(e.expected()).contains("\"(\"", "value").doesNotContain("field name");
        assertThat(e.message()).isEqualTo("Expected " + e.expected() + " but end of input found.");
        assertThat(error("x >").offset()).isEqualTo(3);
    }

    @Test
    void missingOperandNamesFieldNameAndValue() {
        KqlSyntaxError e = error("a:1 and ");
        assertThat(e.offset()).isEqualTo(8);
        assertThat(e.expected()).contains("\"(\"", "NOT", "field name", "value");
    }

    @Test
    void unbalancedBrackets() {
        assertThat(error("(a:1").offset()).isEqualTo(4);
        assertThat(error("a:1)").offset()).isEqualTo(3);
        assertThat(error("a:{b:1").offset()).isEqualTo(6);
        assertThat(error(":a").offset()).isEqualTo(0);
    }

    @Test
    void unterminatedQuoteIsReportedAtItsOpeningQuoteAsKibanaDoes() {
        KqlSyntaxError e = error("a:\"abc");
        assertThat(e.offset()).isEqualTo(2);
        assertThat(e.found()).isEqualTo("\"\\\"\"");
        assertThat(e.expected()).contains("\"(\"", "value");
        assertThat(error("a:1 or \"b").offset()).isEqualTo(7);
    }

    @Test
    void errorLineAndColumnAreOneBasedWithinTheQuery() {
        KqlSyntaxError e = error("a:1 and\n  b:2 c:3");
        assertThat(e.offset()).isEqualTo(15);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(8);
    }

    @Test
    void offsetsCountCharsEvenAfterAstralCharacters() {
        KqlSyntaxError e = error("x:\uD83D\uDE00 y:1");
        assertThat(e.offset()).isEqualTo(6);
        Is node = is(parse("x:\uD83D\uDE00"));
        assertThat(node.value().span()).isEqualTo(new SourceSpan(2, 4));
    }

    @Test
    void columnsCountCodePointsAfterAstralCharacters() {
        // x:😀 y:1 — the error is at the second colon: the 6th code point of the line, the 7th UTF-16 char
        KqlSyntaxError e = error("x:\uD83D\uDE00 y:1");
        assertThat(e.column()).isEqualTo(6);
        KqlSyntaxError second = error("a:1 and\nx:\uD83D\uDE00\uD83D\uDE00 y:1");
        assertThat(second.line()).isEqualTo(2);
        assertThat(second.column()).isEqualTo(7);
    }

    // ------------------------------------------------------------------ limits

    @Test
    void nestingUpToTheLimitParses() {
        int depth = KqlParser.MAX_NESTING_DEPTH;
        String q = "(".repeat(depth) + "a:1" + ")".repeat(depth);
        assertThat(parse(q)).isInstanceOf(Is.class);
        String values = "a:" + "(".repeat(depth) + "1" + ")".repeat(depth);
        assertThat(parse(values)).isInstanceOf(Is.class);
        String nots = "not (".repeat(depth) + "a:1" + ")".repeat(depth);
        assertThat(parse(nots)).isInstanceOf(Not.class);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void nestingBeyondTheLimitIsASyntaxErrorNotACrash() {
        int depth = 100_000;
        String q = "(".repeat(depth) + "a:1" + ")".repeat(depth);
        KqlSyntaxError e = error(q);
        assertThat(e.offset()).isEqualTo(KqlParser.MAX_NESTING_DEPTH);
        assertThat(e.found()).isEqualTo("\"(\"");
        assertThat(error("x:{".repeat(depth)).message()).contains("nested");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void longInputsParseInReasonableTime() {
        StringBuilder q = new StringBuilder("a:(v0");
        for (int i = 1; i < 20_000; i++) {
            q.append(" or v").append(i);
        }
        q.append(")");
        assertThat(((Or) parse(q.toString())).children()).hasSize(20_000);
        String longTerm = "x:" + "word ".repeat(20_000) + "end";
        assertThat(valueOf(longTerm)).isEqualTo("word ".repeat(20_000) + "end");
    }

    /**
     * Odd inputs get Kibana's verdict, not an exception: the offset of its syntax error, as Kibana 8.9's own parser
     * reports it (test-tools/kbn-oracle, recorded here) …
     */
    @ParameterizedTest(name = "[{0}] is rejected at {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "'\\' | 0", "'\"' | 0", "':' | 0", "')' | 0", "'}' | 0", "'<' | 0", "'>=' | 0", "'*:' | 2",
            "'a:(' | 3", "'not ' | 4", "'a:\"\\' | 2", "'a:{}' | 3", "'a:()' | 3"})
    void garbageIsRejectedWhereKibanaRejectsIt(String query, int offset) {
        assertThat(error(query).offset()).isEqualTo(offset);
    }

    /** … or, where Kibana accepts it, the same search: keywords without the space after them are plain words. */
    @Test
    void garbageKibanaAcceptsSearchesWhatKibanaSearches() {
        assertThat(is(parse("not")).field()).isNull();
        assertThat(((Literal) is(parse("not")).value()).value()).isEqualTo("not");
        assertThat(((Literal) is(parse("a or")).value()).value()).isEqualTo("a or");
        assertThat(((Literal) is(parse(" or ")).value()).value()).isEqualTo("or");
        assertThat(((Literal) is(parse("\u0000")).value()).value()).isEqualTo("\u0000");
        assertThat(fieldOf("a:(or)")).isEqualTo("a");
        assertThat(valueOf("a:(or)")).isEqualTo("or");
    }
}
