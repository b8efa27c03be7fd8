package io.ruleforge.esql.functions;

import io.ruleforge.esql.ast.DataType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static io.ruleforge.esql.ast.DataType.BOOLEAN;
import static io.ruleforge.esql.ast.DataType.CARTESIAN_POINT;
import static io.ruleforge.esql.ast.DataType.CARTESIAN_SHAPE;
import static io.ruleforge.esql.ast.DataType.DATE_NANOS;
import static io.ruleforge.esql.ast.DataType.DATE_PERIOD;
import static io.ruleforge.esql.ast.DataType.DATETIME;
import static io.ruleforge.esql.ast.DataType.DOUBLE;
import static io.ruleforge.esql.ast.DataType.GEO_POINT;
import static io.ruleforge.esql.ast.DataType.GEO_SHAPE;
import static io.ruleforge.esql.ast.DataType.INTEGER;
import static io.ruleforge.esql.ast.DataType.IP;
import static io.ruleforge.esql.ast.DataType.KEYWORD;
import static io.ruleforge.esql.ast.DataType.LONG;
import static io.ruleforge.esql.ast.DataType.TEXT;
import static io.ruleforge.esql.ast.DataType.TIME_DURATION;
import static io.ruleforge.esql.ast.DataType.UNSIGNED_LONG;
import static io.ruleforge.esql.ast.DataType.VERSION;
import static io.ruleforge.esql.functions.ReturnType.fixed;
import static io.ruleforge.esql.functions.ReturnType.firstTyped;
import static io.ruleforge.esql.functions.ReturnType.sameAs;
import static io.ruleforge.esql.functions.ReturnType.stringLike;

/**
 * The ES|QL functions of Elasticsearch 8.19 / 9.x that ruleforge knows (every one Elastic's ES|QL rules call, and the
 * common rest of the library), looked up case-insensitively as Elasticsearch does. Signatures follow Elasticsearch's
 * function reference ({@code docs/reference/query-languages/esql/kibana/definition/functions/*.json}).
 */
public final class EsqlFunctions {

    private static final Set<DataType> ANY = Set.of();
    private static final Set<DataType> STR = Set.of(KEYWORD, TEXT);
    private static final Set<DataType> NUM = Set.of(INTEGER, LONG, UNSIGNED_LONG, DOUBLE);
    private static final Set<DataType> INT = Set.of(INTEGER, LONG);
    private static final Set<DataType> DATES = Set.of(DATETIME, DATE_NANOS);
    private static final Set<DataType> INTERVAL = Set.of(TIME_DURATION, DATE_PERIOD);
    private static final Set<DataType> ORDERED = Set.of(BOOLEAN, DATETIME, DATE_NANOS, DOUBLE, INTEGER, LONG,
            UNSIGNED_LONG, IP, KEYWORD, TEXT, VERSION);
    private static final Set<DataType> GEOMETRY = Set.of(GEO_POINT, GEO_SHAPE, CARTESIAN_POINT, CARTESIAN_SHAPE);
    private static final Set<DataType> CONVERTIBLE = EnumSet.complementOf(EnumSet.of(DataType.NULL,
            DataType.UNSUPPORTED, TIME_DURATION, DATE_PERIOD));

    private static final Map<String, EsqlFunction> BY_NAME = build();

    private EsqlFunctions() {
    }

    /** The function called {@code name} in any letter case. */
    public static Optional<EsqlFunction> lookup(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toUpperCase(Locale.ROOT)));
    }

    /** Every function, sorted by name. */
    public static List<EsqlFunction> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** Every function name, sorted: the candidates of "did you mean". */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    private static Map<String, EsqlFunction> build() {
        Registry r = new Registry();
        aggregates(r);
        conditionals(r);
        strings(r);
        multiValues(r);
        dates(r);
        conversions(r);
        math(r);
        ipsAndSpatial(r);
        fullText(r);
        return Collections.unmodifiableMap(r.byName);
    }

    private static void aggregates(Registry r) {
        r.aggregate("COUNT", fixed(LONG), opt("field", ANY));
        r.aggregate("COUNT_DISTINCT", fixed(LONG), req("field", ANY), constOpt("precision", INT));
        r.aggregate("MIN", sameAs(0), req("field", ORDERED));
        r.aggregate("MAX", sameAs(0), req("field", ORDERED));
        r.aggregate("SUM", ReturnType.sum(), req("number", NUM));
        r.aggregate("AVG", fixed(DOUBLE), req("number", NUM));
        r.aggregate("MEDIAN", fixed(DOUBLE), req("number", NUM));
        r.aggregate("MEDIAN_ABSOLUTE_DEVIATION", fixed(DOUBLE), req("number", NUM));
        r.aggregate("PERCENTILE", fixed(DOUBLE), req("number", NUM), constReq("percentile", NUM));
        r.aggregate("STD_DEV", fixed(DOUBLE), req("number", NUM));
        r.aggregate("WEIGHTED_AVG", fixed(DOUBLE), req("number", NUM), req("weight", NUM));
        r.aggregate("VALUES", sameAs(0), req("field", ANY));
        r.aggregate("TOP", sameAs(0), req("field", ORDERED), constReq("limit", INT), constReq("order", STR));
        r.aggregate("SAMPLE", sameAs(0), req("field", ANY), constReq("limit", INT));
        // FIRST / LAST (9.x): the value of `field` at the smallest / largest `sort`
        r.aggregate("FIRST", sameAs(0), req("field", ANY), req("sort", Set.of(DATETIME, DATE_NANOS, LONG, INTEGER, DOUBLE)));
        r.aggregate("LAST", sameAs(0), req("field", ANY), req("sort", Set.of(DATETIME, DATE_NANOS, LONG, INTEGER, DOUBLE)));
        r.aggregate("ST_CENTROID_AGG", sameAs(0), req("field", Set.of(GEO_POINT, CARTESIAN_POINT)));
        r.aggregate("ST_EXTENT_AGG", fixed(GEO_SHAPE), req("field", GEOMETRY));
        r.grouping("BUCKET", sameAs(0), req("field", union(NUM, DATES)), constReq("buckets", union(NUM, INTERVAL)),
                constOpt("from", union(NUM, DATES, STR)), constOpt("to", union(NUM, DATES, STR)));
        r.grouping("CATEGORIZE", fixed(KEYWORD), req("field", STR));
    }

    private static void conditionals(Registry r) {
        // CASE(condition, value [, condition, value]… [, else]): conditions at even positions; the verifier knows
        r.variadic("CASE", firstTyped(1, 2), req("condition", Set.of(BOOLEAN)), req("value", ANY));
        r.variadic("COALESCE", firstTyped(0, 1), req("first", ANY));
        r.variadic("GREATEST", firstTyped(0, 1), req("first", ORDERED));
        r.variadic("LEAST", firstTyped(0, 1), req("first", ORDERED));
    }

    private static void strings(Registry r) {
        r.variadic("CONCAT", fixed(KEYWORD), req("string1", STR), req("string2", STR));
        r.scalar("LENGTH", fixed(INTEGER), req("string", STR));
        r.scalar("BIT_LENGTH", fixed(INTEGER), req("string", STR));
        r.scalar("BYTE_LENGTH", fixed(INTEGER), req("string", STR));
        r.scalar("TO_LOWER", stringLike(0), req("str", STR));
        r.scalar("TO_UPPER", stringLike(0), req("str", STR));
        r.scalar("TRIM", fixed(KEYWORD), req("string", STR));
        r.scalar("LTRIM", fixed(KEYWORD), req("string", STR));
        r.scalar("RTRIM", fixed(KEYWORD), req("string", STR));
        r.scalar("REVERSE", fixed(KEYWORD), req("str", STR));
        r.scalar("LEFT", fixed(KEYWORD), req("string", STR), req("length", Set.of(INTEGER)));
        r.scalar("RIGHT", fixed(KEYWORD), req("string", STR), req("length", Set.of(INTEGER)));
        r.scalar("SUBSTRING", fixed(KEYWORD), req("string", STR), req("start", Set.of(INTEGER)),
                opt("length", Set.of(INTEGER)));
        r.scalar("REPLACE", fixed(KEYWORD), req("string", STR), req("regex", STR), req("newString", STR));
        r.scalar("REPEAT", fixed(KEYWORD), req("string", STR), req("number", Set.of(INTEGER)));
        r.scalar("SPACE", fixed(KEYWORD), req("number", Set.of(INTEGER)));
        r.scalar("SPLIT", fixed(KEYWORD), req("string", STR), req("delim", STR));
        r.scalar("STARTS_WITH", fixed(BOOLEAN), req("str", STR), req("prefix", STR));
        r.scalar("ENDS_WITH", fixed(BOOLEAN), req("str", STR), req("suffix", STR));
        r.scalar("LOCATE", fixed(INTEGER), req("string", STR), req("substring", STR), opt("start", Set.of(INTEGER)));
        r.scalar("URL_DECODE", fixed(KEYWORD), req("string", STR));
        r.scalar("URL_ENCODE", fixed(KEYWORD), req("string", STR));
        r.scalar("URL_ENCODE_COMPONENT", fixed(KEYWORD), req("string", STR));
        r.scalar("FROM_BASE64", fixed(KEYWORD), req("string", STR));
        r.scalar("TO_BASE64", fixed(KEYWORD), req("string", STR));
        r.scalar("MD5", fixed(KEYWORD), req("input", STR));
        r.scalar("SHA1", fixed(KEYWORD), req("input", STR));
        r.scalar("SHA256", fixed(KEYWORD), req("input", STR));
        r.scalar("HASH", fixed(KEYWORD), req("algorithm", STR), req("input", STR));
        r.scalar("JSON_EXTRACT", fixed(KEYWORD), req("string", STR), req("path", STR));
    }

    private static void multiValues(Registry r) {
        for (String name : List.of("MV_FIRST", "MV_LAST", "MV_DEDUPE")) {
            r.scalar(name, sameAs(0), req("field", ANY));
        }
        r.scalar("MV_MIN", sameAs(0), req("field", ORDERED));
        r.scalar("MV_MAX", sameAs(0), req("field", ORDERED));
        r.scalar("MV_COUNT", fixed(INTEGER), req("field", ANY));
        r.scalar("MV_SUM", sameAs(0), req("number", NUM));
        r.scalar("MV_AVG", fixed(DOUBLE), req("number", NUM));
        r.scalar("MV_MEDIAN", sameAs(0), req("number", NUM));
        r.scalar("MV_CONCAT", fixed(KEYWORD), req("string", STR), req("delim", STR));
        r.scalar("MV_SLICE", sameAs(0), req("field", ANY), req("start", Set.of(INTEGER)), opt("end", Set.of(INTEGER)));
        r.scalar("MV_SORT", sameAs(0), req("field", ORDERED), constOpt("order", STR));
        r.scalar("MV_APPEND", sameAs(0), req("field1", ANY), req("field2", ANY));
        r.scalar("MV_ZIP", fixed(KEYWORD), req("string1", STR), req("string2", STR), opt("delim", STR));
        r.scalar("MV_INTERSECTION", sameAs(0), req("field1", ANY), req("field2", ANY));
        r.scalar("MV_CONTAINS", fixed(BOOLEAN), req("superset", ANY), req("subset", ANY));
    }

    private static void dates(Registry r) {
        r.scalar("NOW", fixed(DATETIME));
        r.scalar("DATE_TRUNC", sameAs(1), req("interval", INTERVAL), req("date", DATES));
        r.scalar("DATE_DIFF", fixed(INTEGER), req("unit", STR), req("startTimestamp", DATES),
                req("endTimestamp", DATES));
        r.scalar("DATE_EXTRACT", fixed(LONG), req("datePart", STR), req("date", DATES));
        // the optional format comes first: DATE_FORMAT(date) or DATE_FORMAT(format, date); the verifier knows
        r.scalar("DATE_FORMAT", fixed(KEYWORD), req("dateFormat", union(STR, DATES)), opt("date", DATES));
        r.scalar("DATE_PARSE", fixed(DATETIME), req("datePattern", STR), opt("dateString", STR));
    }

    private static void conversions(Registry r) {
        r.scalar("TO_STRING", fixed(KEYWORD), req("field", CONVERTIBLE));
        r.scalar("TO_INTEGER", fixed(INTEGER), req("field", CONVERTIBLE));
        r.scalar("TO_INT", fixed(INTEGER), req("field", CONVERTIBLE));
        r.scalar("TO_LONG", fixed(LONG), req("field", CONVERTIBLE));
        r.scalar("TO_UNSIGNED_LONG", fixed(UNSIGNED_LONG), req("field", CONVERTIBLE));
        r.scalar("TO_DOUBLE", fixed(DOUBLE), req("field", CONVERTIBLE));
        r.scalar("TO_DBL", fixed(DOUBLE), req("field", CONVERTIBLE));
        r.scalar("TO_BOOLEAN", fixed(BOOLEAN), req("field", CONVERTIBLE));
        r.scalar("TO_BOOL", fixed(BOOLEAN), req("field", CONVERTIBLE));
        r.scalar("TO_DATETIME", fixed(DATETIME), req("field", CONVERTIBLE));
        r.scalar("TO_DT", fixed(DATETIME), req("field", CONVERTIBLE));
        r.scalar("TO_DATE_NANOS", fixed(DATE_NANOS), req("field", CONVERTIBLE));
        r.scalar("TO_IP", fixed(IP), req("field", union(STR, Set.of(IP))));
        r.scalar("TO_VERSION", fixed(VERSION), req("field", union(STR, Set.of(VERSION))));
        r.scalar("TO_GEOPOINT", fixed(GEO_POINT), req("field", union(STR, Set.of(GEO_POINT))));
        r.scalar("TO_GEOSHAPE", fixed(GEO_SHAPE), req("field", union(STR, Set.of(GEO_POINT, GEO_SHAPE))));
        r.scalar("TO_CARTESIANPOINT", fixed(CARTESIAN_POINT), req("field", union(STR, Set.of(CARTESIAN_POINT))));
        r.scalar("TO_CARTESIANSHAPE", fixed(CARTESIAN_SHAPE),
                req("field", union(STR, Set.of(CARTESIAN_POINT, CARTESIAN_SHAPE))));
    }

    private static void math(Registry r) {
        r.scalar("ABS", sameAs(0), req("number", NUM));
        r.scalar("ROUND", sameAs(0), req("number", NUM), opt("decimals", INT));
        r.scalar("CEIL", sameAs(0), req("number", NUM));
        r.scalar("FLOOR", sameAs(0), req("number", NUM));
        r.scalar("SIGNUM", fixed(DOUBLE), req("number", NUM));
        for (String name : List.of("SQRT", "CBRT", "EXP", "LOG10", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN",
                "SINH", "COSH", "TANH")) {
            r.scalar(name, fixed(DOUBLE), req("number", NUM));
        }
        r.scalar("LOG", fixed(DOUBLE), req("base", NUM), opt("number", NUM));
        r.scalar("POW", fixed(DOUBLE), req("base", NUM), req("exponent", NUM));
        r.scalar("ATAN2", fixed(DOUBLE), req("y_coordinate", NUM), req("x_coordinate", NUM));
        r.scalar("PI", fixed(DOUBLE));
        r.scalar("E", fixed(DOUBLE));
        r.scalar("TAU", fixed(DOUBLE));
    }

    private static void ipsAndSpatial(Registry r) {
        r.variadic("CIDR_MATCH", fixed(BOOLEAN), req("ip", Set.of(IP)), req("blockX", STR));
        r.scalar("IP_PREFIX", fixed(IP), req("ip", Set.of(IP)), req("prefixLengthV4", Set.of(INTEGER)),
                req("prefixLengthV6", Set.of(INTEGER)));
        r.scalar("ST_DISTANCE", fixed(DOUBLE), req("geomA", Set.of(GEO_POINT, CARTESIAN_POINT)),
                req("geomB", Set.of(GEO_POINT, CARTESIAN_POINT)));
        for (String name : List.of("ST_INTERSECTS", "ST_DISJOINT", "ST_CONTAINS", "ST_WITHIN")) {
            r.scalar(name, fixed(BOOLEAN), req("geomA", GEOMETRY), req("geomB", GEOMETRY));
        }
        r.scalar("ST_X", fixed(DOUBLE), req("point", Set.of(GEO_POINT, CARTESIAN_POINT)));
        r.scalar("ST_Y", fixed(DOUBLE), req("point", Set.of(GEO_POINT, CARTESIAN_POINT)));
    }

    private static void fullText(Registry r) {
        r.scalar("KQL", fixed(BOOLEAN), constReq("query", STR));
        r.scalar("QSTR", fixed(BOOLEAN), constReq("query", STR));
        r.scalar("MATCH", fixed(BOOLEAN), req("field", ANY), constReq("query", ANY), constOpt("options", ANY));
        r.scalar("MATCH_PHRASE", fixed(BOOLEAN), req("field", STR), constReq("query", STR), constOpt("options", ANY));
    }

    @SafeVarargs
    private static Set<DataType> union(Set<DataType>... sets) {
        EnumSet<DataType> all = EnumSet.noneOf(DataType.class);
        for (Set<DataType> s : sets) {
            all.addAll(s);
        }
        return all;
    }

    private static Parameter req(String name, Set<DataType> types) {
        return new Parameter(name, types, false, false);
    }

    private static Parameter opt(String name, Set<DataType> types) {
        return new Parameter(name, types, true, false);
    }

    private static Parameter constReq(String name, Set<DataType> types) {
        return new Parameter(name, types, false, true);
    }

    private static Parameter constOpt(String name, Set<DataType> types) {
        return new Parameter(name, types, true, true);
    }

    /** Collects the table while it is built; never escapes {@link #build()}. */
    private static final class Registry {
        private final Map<String, EsqlFunction> byName = new TreeMap<>();

        void scalar(String name, ReturnType returns, Parameter... parameters) {
            put(new EsqlFunction(name, EsqlFunction.Kind.SCALAR, List.of(parameters), false, returns));
        }

        void variadic(String name, ReturnType returns, Parameter... parameters) {
            put(new EsqlFunction(name, EsqlFunction.Kind.SCALAR, List.of(parameters), true, returns));
        }

        void aggregate(String name, ReturnType returns, Parameter... parameters) {
            put(new EsqlFunction(name, EsqlFunction.Kind.AGGREGATE, List.of(parameters), false, returns));
        }

        void grouping(String name, ReturnType returns, Parameter... parameters) {
            put(new EsqlFunction(name, EsqlFunction.Kind.GROUPING, List.of(parameters), false, returns));
        }

        private void put(EsqlFunction f) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalStateException("ES|QL function " + f.name() + " registered twice");
            }
        }
    }
}
