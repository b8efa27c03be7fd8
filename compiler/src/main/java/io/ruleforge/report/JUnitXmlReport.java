package io.ruleforge.report;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.harness.LuceneSupport;
import io.ruleforge.harness.RuleTestResult;

import io.ruleforge.files.AtomicFiles;
import io.ruleforge.files.FileNames;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes one JUnit XML file per rule in the format Maven Surefire writes ({@code TEST-<name>.xml}), so CI systems
 * that display Surefire reports show each fixture event as a test case.
 */
public final class JUnitXmlReport {

    /** Test-suite names read like class names in CI: {@code ruleforge.<rule file stem>}. */
    public static String suiteName(RuleTestResult result) {
        return "ruleforge." + result.rule().rule().fileStem();
    }

    private final String decidedBy;

    /** Reports whose verdicts came from the in-process evaluator. */
    public JUnitXmlReport() {
        this("");
    }

    /** Reports that name what decided the verdicts (property {@code verdicts.decided_by}), e.g. a real Elasticsearch. */
    public JUnitXmlReport(String decidedBy) {
        this.decidedBy = decidedBy;
    }

    public Path write(RuleTestResult result, Path directory) {
        Path file = directory.resolve(fileName(result));
        AtomicFiles.write(file, render(result));
        return file;
    }

    /**
     * {@code TEST-<suite name>.xml}; for a rule file name near the file-system limit, shortened with a hash (the
     * suite name inside keeps the whole name).
     */
    public static String fileName(RuleTestResult result) {
        return FileNames.fit("TEST-", suiteName(result), ".xml");
    }

    public String render(RuleTestResult result) {
        return document(xml -> {
            boolean untested = result.status() == RuleTestResult.Status.UNTESTED;
            boolean translationDisagrees = result.eqlDisagreements() > 0;
            int tests = result.cases().size() + result.fixtureErrors().size() + (untested ? 1 : 0) + (translationDisagrees ? 1 : 0);
            startSuite(xml, suiteName(result), tests, result.failures().size() + (translationDisagrees ? 1 : 0),
                    result.fixtureErrors().size(), untested ? 1 : 0);
            xml.writeStartElement("properties");
            property(xml, "rule.name", result.rule().rule().name());
            property(xml, "rule.rule_id", result.rule().rule().ruleId());
            property(xml, "rule.file", result.rule().rule().displayPath());
            if (!decidedBy.isEmpty()) {
                property(xml, "verdicts.decided_by", decidedBy);
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            // CI shows a skipped test, not an empty suite that reads as green, for a rule without cases
            if (untested) {
                Optional<String> luceneGap = LuceneSupport.notEvaluated(result.rule());
                testcase(xml, result, luceneGap.isPresent() ? "query not evaluated" : "no fixture events", "untested");
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", result.rule().dsl().isEmpty() && result.rule().eqlSource().isEmpty()
                        ? "not tested: queries in this language are not evaluated yet"
                        : luceneGap.map(gap -> "not tested: " + gap + " [" + HarnessCodes.LUCENE_NOT_EVALUATED + "]")
                        .orElse("untested: the rule has no fixture events, so nothing shows that it works"));
                endTestcase(xml);
            }
            // a fixture that cannot be run is an error of the suite, with the file, line and column
            for (Diagnostic broken : result.fixtureErrors()) {
                testcase(xml, broken.position().toString(), suiteName(result) + ".fixture");
                error(xml, broken, "BadFixture", broken.format());
                endTestcase(xml);
            }
            // the EQL ruleforge generates from a KQL rule decided cases otherwise: the run fails on it (RF6006), so CI
            // must not show the rule's suite green
            if (translationDisagrees) {
                testcase(xml, result, "EQL translation decides as the DSL", "eql_translation");
                xml.writeStartElement("failure");
                xml.writeAttribute("message", "the EQL translation decides " + result.eqlDisagreements() + " of "
                        + result.eqlCompared() + " cases otherwise than the DSL [" + HarnessCodes.EQL_DISAGREES + "]");
                xml.writeAttribute("type", "TranslationDisagrees");
                xml.writeEndElement();
                endTestcase(xml);
            }
            for (CaseResult c : result.cases()) {
                testcase(xml, result, c.testCase().name(), c.testCase().kind().name().toLowerCase(Locale.ROOT));
                if (!c.passed()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", c.failureMessage());
                    List<ObjectNode> events = c.testCase().events(); // a copy: taken once
                    if (c.testCase().kind().isAlertCase()) {
                        // a case of several events and the alerts it states: not one event that fires or not
                        xml.writeAttribute("type", "AlertsDiffer");
                        xml.writeCharacters("case: " + c.testCase().source() + " (" + events.size() + " event"
                                + (events.size() == 1 ? "" : "s") + ")\nresult: " + c.explanation());
                    } else {
                        xml.writeAttribute("type", c.testCase().mustFire() ? "RuleDidNotFire" : "RuleFired");
                        xml.writeCharacters((events.size() == 1 ? "event: " + events.get(0) : "events: " + events) + "\nexpected: "
                                + (c.testCase().mustFire() ? "fires" : "stays quiet") + "\nactual: "
                                + (c.fired() ? "fires" : "stays quiet") + "\ndecided by: " + c.explanation());
                    }
                    xml.writeEndElement();
                }
                endTestcase(xml);
            }
        });
    }

    /** The one report of a run whose findings withheld the rules' reports: {@code TEST-ruleforge.build.xml}. */
    public static final String WITHHELD_FILE = "TEST-ruleforge.build.xml";

    /**
     * What a CI system shows when findings withheld the rules' reports: one errored test case per finding that did,
     * named by its file, line and column, instead of no report at all, or the last run's (green) reports.
     *
     * @param findings the findings that withheld the reports (errors; or warnings when warnings fail the build)
     * @param outcome  what became of the rules, e.g. {@code no rule was tested}
     */
    public static String renderWithheld(List<Diagnostic> findings, String outcome) {
        return document(xml -> {
            startSuite(xml, "ruleforge.build", findings.size(), 0, findings.size(), 0);
            for (Diagnostic finding : findings) {
                testcase(xml, finding.position().toString(), "ruleforge.build." + finding.code());
                error(xml, finding, finding.code(), finding.format() + "\n" + outcome);
                endTestcase(xml);
            }
        });
    }

    /** What a report writes between its document's start ({@link #startSuite}) and the suite's end. */
    @FunctionalInterface
    private interface SuiteBody {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    /** One report: the suite {@code body} starts, then its end and the document's. */
    private static String document(SuiteBody body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            body.write(xml);
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("cannot write JUnit XML", e));
        }
        return out.toString();
    }

    private static void startSuite(XMLStreamWriter xml, String name, int tests, int failures, int errors, int skipped)
            throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", name);
        xml.writeAttribute("tests", String.valueOf(tests));
        xml.writeAttribute("failures", String.valueOf(failures));
        xml.writeAttribute("errors", String.valueOf(errors));
        xml.writeAttribute("skipped", String.valueOf(skipped));
        xml.writeAttribute("time", "0");
        xml.writeCharacters("\n");
    }

    private static void testcase(XMLStreamWriter xml, RuleTestResult result, String name, String kind) throws XMLStreamException {
        testcase(xml, name, suiteName(result) + "." + kind);
    }

    private static void testcase(XMLStreamWriter xml, String name, String classname) throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", name);
        xml.writeAttribute("classname", classname);
        xml.writeAttribute("time", "0");
    }

    private static void error(XMLStreamWriter xml, Diagnostic finding, String type, String text) throws XMLStreamException {
        xml.writeStartElement("error");
        xml.writeAttribute("message", finding.message());
        xml.writeAttribute("type", type);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void endTestcase(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }
}
