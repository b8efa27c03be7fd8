package io.ruleforge.esql;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Elasticsearch 8.19's own ES|QL parser, loaded from {@code test-tools/esql-oracle/target/lib} in a class loader of its
 * own (parent: the platform loader), so that its ANTLR runtime and dependencies never meet ruleforge's. Driven by
 * reflection: the tests compile without Elasticsearch on their class path.
 *
 * <p>Skipped (or failing on CI) when the jars are missing: the reactor builds {@code test-tools/esql-oracle} before the
 * compiler; alone, run {@code mvn -o -pl test-tools/esql-oracle generate-resources} once.
 */
final class EsqlOracle {

    /** What Elasticsearch made of a query. */
    record Verdict(boolean accepted, int line, int column, String message, List<String> commands, List<String> expressions) {
    }

    /** Elasticsearch's plan classes and the commands they stand for. */
    private static final Map<String, String> COMMAND_OF_PLAN = Map.ofEntries(
            Map.entry("UnresolvedRelation", "FROM"), Map.entry("Row", "ROW"), Map.entry("Filter", "WHERE"),
            Map.entry("Eval", "EVAL"), Map.entry("Aggregate", "STATS"), Map.entry("InlineStats", "INLINE STATS"),
            Map.entry("Keep", "KEEP"), Map.entry("Drop", "DROP"), Map.entry("Rename", "RENAME"),
            Map.entry("OrderBy", "SORT"), Map.entry("Limit", "LIMIT"), Map.entry("MvExpand", "MV_EXPAND"),
            Map.entry("Grok", "GROK"), Map.entry("Dissect", "DISSECT"), Map.entry("LookupJoin", "LOOKUP JOIN"));

    private final ClassLoader loader;
    private final Object parser;
    private final Method createStatement;

    private EsqlOracle(ClassLoader loader, Object parser, Method createStatement) {
        this.loader = loader;
        this.parser = parser;
        this.createStatement = createStatement;
    }

    static EsqlOracle load() {
        Path lib = Path.of("..", "test-tools", "esql-oracle", "target", "lib").toAbsolutePath().normalize();
        boolean present = Files.isDirectory(lib);
        String message = "Elasticsearch's ES|QL parser not found in " + lib
                + " (mvn -o -pl test-tools/esql-oracle generate-resources)";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (required on CI)");
        }
        Assumptions.assumeTrue(present, message);
        try (Stream<Path> jars = Files.list(lib)) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
            ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            return withLoader(loader, () -> {
                loader.loadClass("org.elasticsearch.common.logging.LogConfigurator")
                        .getMethod("configureESLogging").invoke(null);
                Class<?> parserClass = loader.loadClass("org.elasticsearch.xpack.esql.parser.EsqlParser");
                Method create = null;
                for (Method m : parserClass.getMethods()) {
                    if (m.getName().equals("createStatement") && m.getParameterCount() == 2) {
                        create = m;
                    }
                }
                return new EsqlOracle(loader, parserClass.getConstructor().newInstance(), create);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Verdict parse(String query) {
        return withLoader(loader, () -> {
            Object plan;
            try {
                plan = createStatement.invoke(parser, query, null);
            } catch (InvocationTargetException e) {
                Throwable t = e.getCause();
                if (!t.getClass().getSimpleName().equals("ParsingException")) {
                    // anything else Elasticsearch throws (an assertion, a NullPointerException) counts as a rejection
                    return new Verdict(false, 0, 0, t.toString(), List.of(), List.of());
                }
                int line = (int) t.getClass().getMethod("getLineNumber").invoke(t);
                int column = (int) t.getClass().getMethod("getColumnNumber").invoke(t);
                String msg = (String) t.getClass().getMethod("getErrorMessage").invoke(t);
                return new Verdict(false, line, column, msg, List.of(), List.of());
            }
            List<String> commands = new ArrayList<>();
            List<String> expressions = new ArrayList<>();
            walk(plan, commands, expressions);
            return new Verdict(true, 0, 0, "", commands, expressions);
        });
    }

    /** Leaf first: the source command, then each processing command in pipeline order. */
    private void walk(Object plan, List<String> commands, List<String> expressions) throws ReflectiveOperationException {
        List<?> children = (List<?>) call(plan, "children");
        if (!children.isEmpty()) {
            walk(children.get(0), commands, expressions);
        }
        String name = plan.getClass().getSimpleName();
        commands.add(COMMAND_OF_PLAN.getOrDefault(name, name));
        switch (name) {
            case "Filter" -> expressions.add(EsqlShapes.esShape(call(plan, "condition")));
            case "Eval" -> {
                for (Object alias : (List<?>) call(plan, "fields")) {
                    expressions.add(EsqlShapes.esShape(call(alias, "child")));
                }
            }
            default -> {
            }
        }
    }

    static Object call(Object target, String method) throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws ReflectiveOperationException;
    }

    private static <T> T withLoader(ClassLoader loader, Action<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.run();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("driving Elasticsearch's ES|QL parser failed: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

}
