import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.lang.management.*;
import java.lang.reflect.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;

/**
 * Parse speed of two ruleforge builds in one JVM, measured in CPU time so that other processes on a busy machine
 * disturb it less than wall time: each build in its own class loader, rounds over every corpus query of one language
 * alternating between them, the measuring thread's CPU time per round; the first third of the rounds is warm-up.
 *
 * <pre>java -cp OLD.jar benchmarks/ParseCpuAB.java eql|esql SECONDS OLD.jar NEW.jar|NEW-classes-dir/ [RULES-DIR]</pre>
 *
 * The old jar must be a shaded one (benchmarks/target/benchmarks.jar): it also provides the dependencies of the new.
 */
public class ParseCpuAB {
    public static void main(String[] a) throws Throwable {
        String lang = a[0]; int seconds = Integer.parseInt(a[1]);
        Path rules = Path.of(a.length > 4 ? a[4] : "../shared/corpus/detection-rules");
        TomlMapper toml = new TomlMapper();
        List<String> qs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(rules)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                JsonNode r = toml.readTree(f.toFile()).path("rule");
                if (lang.equals(r.path("language").asText())) qs.add(r.path("query").asText());
            }
        }
        String[] names = {"old", "new"};
        URL[][] cps = { { Path.of(a[2]).toUri().toURL() }, { Path.of(a[3]).toUri().toURL(), Path.of(a[2]).toUri().toURL() } };
        Method[] parse = new Method[2]; Object[] ver = new Object[2];
        for (int i = 0; i < 2; i++) {
            ClassLoader l = new URLClassLoader(cps[i], ClassLoader.getPlatformClassLoader());
            if (lang.equals("eql")) parse[i] = l.loadClass("io.ruleforge.eql.EqlParser").getMethod("parse", String.class);
            else { Class<?> v = l.loadClass("io.ruleforge.esql.EsqlVersion"); ver[i] = Enum.valueOf((Class) v, "V9"); parse[i] = l.loadClass("io.ruleforge.esql.EsqlParser").getMethod("parse", String.class, v); }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<List<Long>> t = List.of(new ArrayList<>(), new ArrayList<>());
        long end = System.nanoTime() + seconds * 1_000_000_000L; Object sink = null;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 2; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                for (String q : qs) sink = lang.equals("eql") ? parse[i].invoke(null, q) : parse[i].invoke(null, q, ver[i]);
                t.get(i).add(mx.getCurrentThreadCpuTime() - c0);
            }
        }
        for (int i = 0; i < 2; i++) {
            List<Long> l = new ArrayList<>(t.get(i).subList(t.get(i).size() / 3, t.get(i).size())); Collections.sort(l);
            System.out.printf("%s %s: %d rounds (last 2/3 kept); CPU per query best %.1f us, median %.1f us%n", lang, names[i], t.get(i).size(), l.get(0) / 1e3 / qs.size(), l.get(l.size() / 2) / 1e3 / qs.size());
        }
    }
}
