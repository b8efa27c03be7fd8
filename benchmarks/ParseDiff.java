import java.net.*;
import java.nio.file.*;
import java.util.*;
import java.util.regex.*;
import java.util.stream.*;
import java.lang.reflect.*;

/**
 * Differential check of two ruleforge builds: every input (one base64-encoded UTF-8 query a line, as
 * benchmarks/parse-diff-inputs.py writes them) parsed by both, the results (AST, or message and position) compared
 * by their text; for ES|QL and KQL in every syntax version. A parser made faster must not differ on any.
 *
 * <pre>java benchmarks/ParseDiff.java eql|esql|kql INPUTS OLD.jar NEW.jar|NEW-classes-dir/</pre>
 */
public class ParseDiff {
    public static void main(String[] a) throws Exception {
        String lang = a[0];
        URL[] oldCp = { Path.of(a[2]).toUri().toURL() };
        URL[] newCp = { Path.of(a[3]).toUri().toURL(), Path.of(a[2]).toUri().toURL() };
        ClassLoader oldL = new URLClassLoader(oldCp, ClassLoader.getPlatformClassLoader());
        ClassLoader newL = new URLClassLoader(newCp, ClassLoader.getPlatformClassLoader());
        List<String> inputs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(a[1]))) inputs.add(new String(Base64.getDecoder().decode(line), java.nio.charset.StandardCharsets.UTF_8));
        Fn oldF = fn(oldL, lang), newF = fn(newL, lang);
        int diffs = 0, ok = 0, fail = 0;
        for (String q : inputs) {
            String o = oldF.parse(q), n = newF.parse(q);
            if (o.startsWith("Success")) ok++; else fail++;
            if (!o.equals(n)) { if (diffs++ < 10) System.out.println("DIFF for " + q + "\n old " + o + "\n new " + n); }
        }
        System.out.println(lang + ": " + inputs.size() + " inputs, " + ok + " parsed, " + fail + " failed; differences: " + diffs);
    }
    interface Fn { String parse(String q) throws Exception; }
    static Fn fn(ClassLoader l, String lang) throws Exception {
        if (lang.equals("eql")) {
            Method m = l.loadClass("io.ruleforge.eql.EqlParser").getMethod("parse", String.class);
            return q -> String.valueOf(m.invoke(null, q));
        }
        if (lang.equals("kql")) {
            Class<?> kv = l.loadClass("io.ruleforge.kql.KibanaVersion");
            Method km = l.loadClass("io.ruleforge.kql.KqlParser").getMethod("parse", String.class, kv);
            Object[] kvs = kv.getEnumConstants();
            return q -> { StringBuilder sb = new StringBuilder(); for (Object ver : kvs) sb.append(km.invoke(null, q, ver)).append('|'); return sb.toString(); };
        }
        Class<?> v = l.loadClass("io.ruleforge.esql.EsqlVersion");
        Method m = l.loadClass("io.ruleforge.esql.EsqlParser").getMethod("parse", String.class, v);
        Object[] versions = v.getEnumConstants();
        return q -> { StringBuilder sb = new StringBuilder(); for (Object ver : versions) sb.append(m.invoke(null, q, ver)).append('|'); return sb.toString(); };
    }
}
