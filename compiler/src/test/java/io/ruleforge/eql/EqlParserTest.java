package io.ruleforge.eql;

import io.ruleforge.ql.ArithmeticOperator;
import io.ruleforge.ql.ComparisonOperator;
import io.ruleforge.ql.SourceSpan;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EqlParserTest {

    private static EqlQuery parse(String q) {
        EqlParseResult r = EqlParser.parse(q);
        assertThat(r).as("%s: %s", q, r).isInstanceOf(EqlParseResult.Success.class);
        return ((EqlParseResult.Success) r).query();
    }

    private static Expression condition(String q) {
        return ((EventQuery) parse(q).body()).condition();
    }

    private static EqlSyntaxError error(String q) {
        EqlParseResult r = EqlParser.parse(q);
        assertThat(r).as(q).isInstanceOf(EqlParseResult.Failure.class);
        return ((EqlParseResult.Failure) r).error();
    }

    private static Object literal(String expr) {
        return ((Expression.Literal) condition("any where " + expr)).value();
    }

    @Test
    void eventQueryHasCategoryConditionAndSpans() {
        EventQuery q = (EventQuery) parse("process where process.name == \"cmd.exe\"").body();
        assertThat(q.category().name()).isEqualTo("process");
        Expression.Comparison c = (Expression.Comparison) q.condition();
        assertThat(c.operator()).isEqualTo(ComparisonOperator.EQ);
        assertThat(c.left()).isEqualTo(new Expression.Field("process.name", false, new SourceSpan(14, 26)));
        assertThat(c.right()).isEqualTo(new Expression.Literal("cmd.exe", new SourceSpan(30, 39)));
        assertThat(c.span()).isEqualTo(new SourceSpan(14, 39));
    }

    @Test
    void anyAndQuotedCategories() {
        assertThat(((EventQuery) parse("any where true").body()).category().isAny()).isTrue();
        assertThat(((EventQuery) parse("\"my-category\" where true").body()).category().name()).isEqualTo("my-category");
        assertThat(((EventQuery) parse("\"\"\"my.cat\"\"\" where true").body()).category().name()).isEqualTo("my.cat");
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        Expression e = condition("any where not a == 1 and b == 2 or c == 3 or d == 4");
        assertThat(e).isInstanceOf(Expression.Or.class);
        List<Expression> or = ((Expression.Or) e).operands();
        assertThat(or).hasSize(3);
        Expression.And and = (Expression.And) or.get(0);
        assertThat(and.operands().get(0)).isInstanceOf(Expression.Not.class);
    }

    @Test
    void arithmeticPrecedenceAndNegativeLiterals() {
        Expression.Comparison c = (Expression.Comparison) condition("any where a + 2 * 3 == -4");
        Expression.Arithmetic sum = (Expression.Arithmetic) c.left();
        assertThat(sum.operator()).isEqualTo(ArithmeticOperator.ADD);
        assertThat(((Expression.Arithmetic) sum.right()).operator()).isEqualTo(ArithmeticOperator.MULTIPLY);
        assertThat(((Expression.Literal) c.right()).value()).isEqualTo(-4L);
    }

    @Test
    void operatorsGroupByPrecedenceThenToTheLeftWithTheirSpans() {
        // "any where " is 10 characters: a=10 b=14 c=18 d=22 e=26 f=30
        Expression.Comparison c = (Expression.Comparison) condition("any where a - b - c * d / e + f == 1");
        Expression a = field("a", 10), b = field("b", 14), cc = field("c", 18), d = field("d", 22), e = field("e", 26), f = field("f", 30);
        Expression product = new Expression.Arithmetic(ArithmeticOperator.MULTIPLY, cc, d, new SourceSpan(18, 23));
        Expression quotient = new Expression.Arithmetic(ArithmeticOperator.DIVIDE, product, e, new SourceSpan(18, 27));
        Expression difference = new Expression.Arithmetic(ArithmeticOperator.SUBTRACT,
                new Expression.Arithmetic(ArithmeticOperator.SUBTRACT, a, b, new SourceSpan(10, 15)), quotient, new SourceSpan(10, 27));
        assertThat(c.left()).isEqualTo(new Expression.Arithmetic(ArithmeticOperator.ADD, difference, f, new SourceSpan(10, 31)));

        // a=10 b=15 c=21 d=27 e=32: the and-run in the middle is one node spanning b to d
        Expression.Or or = (Expression.Or) condition("any where a or b and c and d or e");
        assertThat(or.span()).isEqualTo(new SourceSpan(10, 33));
        assertThat(or.operands()).containsExactly(field("a", 10),
                new Expression.And(List.of(field("b", 15), field("c", 21), field("d", 27)), new SourceSpan(15, 28)),
                field("e", 32));

        // the signs bind tighter than *, and a predicate tighter than the signs; not is looser than a comparison
        Expression.Arithmetic negatedProduct = (Expression.Arithmetic) condition("any where -a * b");
        assertThat(negatedProduct.left()).isEqualTo(new Expression.Negate(field("a", 11), new SourceSpan(10, 12)));
        assertThat(((Expression.Negate) condition("any where -a in (1)")).operand()).isInstanceOf(Expression.In.class);
        assertThat(((Expression.Not) condition("any where not a == b")).operand()).isInstanceOf(Expression.Comparison.class);
        // parentheses keep their own node: (a or b) or c is not flattened into one or
        Expression.Or nested = (Expression.Or) condition("any where (a or b) or c");
        assertThat(nested.operands().get(0)).isInstanceOf(Expression.Or.class);
    }

    private static Expression field(String name, int at) {
        return new Expression.Field(name, false, new SourceSpan(at, at + name.length()));
    }

    @Test
    void numbers() {
        assertThat(literal("42")).isEqualTo(42L);
        assertThat(literal("1.5")).isEqualTo(1.5);
        assertThat(literal(".5")).isEqualTo(0.5);
        assertThat(literal("1e3")).isEqualTo(1000.0);
        assertThat(literal("1.5E-2")).isEqualTo(0.015);
    }

    @Test
    void stringEscapesAndRawStrings() {
        assertThat(literal("\"C:\\\\Windows\\\\*.exe\"")).isEqualTo("C:\\Windows\\*.exe");
        assertThat(literal("\"a\\tb\\nc\\\"d\"")).isEqualTo("a\tb\nc\"d");
        assertThat(literal("\"\\u{41}\\u{0042}\\u{1F600}\"")).isEqualTo("AB\uD83D\uDE00");
        assertThat(literal("\"\"\"C:\\Users\\*\"\"\"")).isEqualTo("C:\\Users\\*");
        assertThat(literal("\"\"\"say \"hi\" \"\"\"")).isEqualTo("say \"hi\" ");
    }

    @Test
    void badEscapesArePositioned() {
        EqlSyntaxError e = error("any where a == \"x\\qy\"");
        assertThat(e.offset()).isEqualTo(17);
        assertThat(e.message()).contains("\\q");
        assertThat(error("any where a == \"\\u{4}\"").message()).contains("2 to 8 hex digits");
        assertThat(error("any where a == \"\\u41\"").message()).contains("2 to 8 hex digits");
    }

    @Test
    void rejectedStringForms() {
        assertThat(error("any where a == 'x'").message()).contains("single quoted");
        assertThat(error("any where a == ?\"x\"").message()).contains("\"\"\"");
        EqlSyntaxError unterminated = error("any where a == \"x");
        assertThat(unterminated.offset()).isEqualTo(15);
        assertThat(unterminated.message()).contains("unterminated string");
    }

    @Test
    void fieldForms() {
        Expression.Comparison c = (Expression.Comparison) condition("any where ?`my-field`.`a``b` == @timestamp");
        assertThat(c.left()).isEqualTo(new Expression.Field("my-field.a`b", true, new SourceSpan(10, 28)));
        assertThat(((Expression.Field) c.right()).path()).isEqualTo("@timestamp");
        assertThat(error("any where sequence == 1").offset()).isEqualTo(10);
        EqlSyntaxError digit = error("any where a.0.b == \"x\"");
        assertThat(digit.message()).contains("backticks");
        assertThat(((Expression.Comparison) condition("any where a.`0`.b == \"x\"")).left())
                .isEqualTo(new Expression.Field("a.0.b", false, new SourceSpan(10, 17)));
    }

    @Test
    void predicatesAndFunctions() {
        Expression.In in = (Expression.In) condition("any where a not in~ (\"x\", \"y\")");
        assertThat(in.negated()).isTrue();
        assertThat(in.caseInsensitive()).isTrue();
        assertThat(in.candidates()).hasSize(2);

        Expression.Match colon = (Expression.Match) condition("any where a : (\"x*\", \"y\")");
        assertThat(colon.operator()).isEqualTo(Expression.MatchOperator.SEARCH);
        assertThat(colon.caseInsensitive()).isTrue();
        assertThat(colon.patterns()).hasSize(2);

        Expression.Match like = (Expression.Match) condition("any where a like \"x*\"");
        assertThat(like.caseInsensitive()).isFalse();
        Expression.Match regex = (Expression.Match) condition("any where a regex~ \"x.*\"");
        assertThat(regex.operator()).isEqualTo(Expression.MatchOperator.REGEX);
        assertThat(regex.caseInsensitive()).isTrue();

        Expression.FunctionCall f = (Expression.FunctionCall) condition("any where STARTSWITH~(a, \"x\")");
        assertThat(f.name()).isEqualTo("startswith");
        assertThat(f.writtenName()).isEqualTo("STARTSWITH");
        assertThat(f.caseInsensitive()).isTrue();
    }

    @Test
    void sequenceParts() {
        EqlQuery q = parse("sequence by host.id with maxspan=5m [process where true] by process.pid with runs=2 "
                + "![file where true] by process.pid [network where true] by process.pid until [process where false] by process.pid");
        QueryBody.Sequence s = (QueryBody.Sequence) q.body();
        assertThat(s.byKeys()).hasSize(1);
        assertThat(s.maxspan().orElseThrow().millis()).isEqualTo(5 * 60 * 1000L);
        assertThat(s.terms()).hasSize(3);
        assertThat(s.terms().get(0).runs()).isEqualTo(2);
        assertThat(s.terms().get(1).missing()).isTrue();
        assertThat(s.expandedTerms()).hasSize(4);
        assertThat(s.joinKeysOf(s.terms().get(2))).hasSize(2);
        assertThat(s.until()).isPresent();
        assertThat(q.eventQueries()).hasSize(4);
    }

    @Test
    void sequenceErrors() {
        assertThat(error("sequence [process where true]").message()).contains("at least two terms");
        assertThat(parse("sequence [process where true] with runs=2").body()).isInstanceOf(QueryBody.Sequence.class);
        EqlSyntaxError order = error("sequence with maxspan=10s by host.id [a where true] [b where true]");
        assertThat(order.offset()).isEqualTo(26);
        assertThat(order.message()).contains("by must be written before with maxspan");
        assertThat(error("sequence with maxspan=1.5h [a where true] [b where true]").message()).contains("positive integer");
        EqlSyntaxError unit = error("sequence with maxspan=10w [a where true] [b where true]");
        assertThat(unit.offset()).isEqualTo(24);
        assertThat(unit.message()).contains("unknown time unit w");
        assertThat(error("sequence with maxspan=0s [a where true] [b where true]").message()).contains("positive");
        assertThat(error("sequence [a where true] with runs=101 [b where true]").message()).contains("between 1 and 100");
        assertThat(error("join [a where true] [b where true]").message()).contains("join is not supported");
    }

    @Test
    void samplesAndPipes() {
        QueryBody.Sample s = (QueryBody.Sample) parse("sample by host.id [a where true] [b where true] by user.name").body();
        assertThat(s.terms()).hasSize(2);
        assertThat(s.joinKeysOf(s.terms().get(1))).hasSize(2);
        EqlQuery piped = parse("process where true | head 5 | tail 2");
        assertThat(piped.pipes()).extracting(Pipe::kind).containsExactly(Pipe.Kind.HEAD, Pipe.Kind.TAIL);
        assertThat(piped.pipes()).extracting(Pipe::count).containsExactly(5, 2);
        assertThat(error("process where true | count").message()).contains("pipe [count] is not supported");
        assertThat(error("process where true | head -1").message()).contains("non-negative integer");
        assertThat(error("process where true | head 1.5").message()).contains("non-negative integer");
        assertThat(error("process where true | tail").message()).contains("non-negative integer");
        assertThat(error("sample by h [a where true] [b where true] | head 1").message()).contains("sample");
    }

    @Test
    void operatorErrorsArePositioned() {
        EqlSyntaxError assign = error("process where process.name = \"cmd.exe\"");
        assertThat(assign.offset()).isEqualTo(27);
        assertThat(assign.message()).contains("use == or :");
        EqlSyntaxError chained = error("process where 1 < process.pid < 5");
        assertThat(chained.offset()).isEqualTo(30);
        assertThat(chained.message()).contains("cannot be chained");
        EqlSyntaxError multiline = error("process where\n  a == 1 and\n  b ==");
        assertThat(multiline.line()).isEqualTo(3);
        assertThat(multiline.column()).isEqualTo(7);
        assertThat(multiline.message()).contains("end of input");
        assertThat(error("process where a == #").message()).contains("unexpected character \"#\"");
    }

    @Test
    void commentsAreIgnoredAndBlockCommentsNest() {
        // both conditions survive: the block comment ends at its second */, the line comment at the line's end
        Expression c = condition("process where /* outer /* inner */ still comment */ a == 1 // trailing\n and b == 2");
        assertThat(c).isInstanceOf(Expression.And.class);
        assertThat(((Expression.And) c).operands()).extracting(o -> ((Expression.Field) ((Expression.Comparison) o).left()).path())
                .containsExactly("a", "b");
        assertThat(error("process where a == 1 /* open").message()).contains("comment");
    }

    @Test
    void limitsTurnIntoErrorsNotExceptions() {
        String deep = "any where " + "(".repeat(500) + "a == 1" + ")".repeat(500);
        assertThat(error(deep).message()).contains("nested too deeply");
        String nots = "any where " + "not ".repeat(5000) + "a == 1";
        assertThat(error(nots).message()).contains("nested too deeply");
        String arithmetic = "any where " + "1 + ".repeat(5000) + "1 == 2";
        assertThat(error(arithmetic).message()).contains("nested too deeply");
        // a chain of n operators is a left-deep tree: the condition, n operator nodes, then the first operand at
        // depth n + 2, so 498 operators pass the limit of 500 and 499 do not (refused at that first operand)
        assertThat(EqlParser.parse("any where " + "a + ".repeat(498) + "a")).isInstanceOf(EqlParseResult.Success.class);
        EqlSyntaxError chainTooDeep = error("any where " + "a * ".repeat(499) + "a");
        assertThat(chainTooDeep.message()).contains("nested too deeply");
        assertThat(chainTooDeep.offset()).isEqualTo(10);
        // a long flat or-chain is ordinary (big rules have hundreds of alternatives) and becomes one n-ary node
        String chain = "any where " + "a == 1 or ".repeat(20000) + "a == 2";
        assertThat(((Expression.Or) condition(chain)).operands()).hasSize(20001);
        assertThat(error("x".repeat(EqlParser.MAX_QUERY_LENGTH + 1)).message()).contains("longer than");
    }

    @Test
    void neverThrowsOnArbitraryInput() {
        String[] pieces = {"sequence", "sample", "by", "with", "maxspan", "=", "[", "]", "![", "(", ")", "where", "any",
                "process", "a.b", "\"x\"", "'", "\"", "\"\"\"", "`", "?", "~", ":", "==", "<", "and", "or", "not", "in",
                "like~", "regex", "1", ".5", "-", "|", "head", "until", "runs", ",", "\\", "/*", "*/", "//", "\n", "é", "\uD83D\uDE00"};
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            StringBuilder q = new StringBuilder();
            int n = random.nextInt(25);
            for (int j = 0; j < n; j++) {
                q.append(pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? " " : "");
            }
            EqlParseResult r = EqlParser.parse(q.toString());
            if (r instanceof EqlParseResult.Failure f) {
                assertThat(f.error().offset()).as(q.toString()).isBetween(0, q.length());
                assertThat(f.error().line()).isPositive();
                assertThat(f.error().column()).isPositive();
            }
        }
    }
}
