package io.ruleforge.eqlgen;

import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EqlGeneratorTest {

    private static final FieldSchema ECS = EcsSchemas.defaultSchema();

    private static EqlTranslation translate(String kql) {
        KqlParseResult parsed = KqlParser.parse(kql, KibanaVersion.V8_12);
        assertThat(parsed).isInstanceOf(KqlParseResult.Success.class);
        return new EqlGenerator(ECS).translate(((KqlParseResult.Success) parsed).query().root());
    }

    private static String eql(String kql) {
        EqlTranslation t = translate(kql);
        assertThat(t).isInstanceOf(EqlTranslation.Expressed.class);
        return ((EqlTranslation.Expressed) t).condition();
    }

    private static String notExpressible(String kql) {
        EqlTranslation t = translate(kql);
        assertThat(t).isInstanceOf(EqlTranslation.NotExpressible.class);
        return ((EqlTranslation.NotExpressible) t).reason();
    }

    @Test
    void commandPromptSeed() {
        assertThat(eql("process.name:cmd.exe and event.action:\"Network connection detected (rule: NetworkConnect)\" "
                + "and not destination.ip:(10.0.0.0/8 or 172.16.0.0/12 or 192.168.0.0/16)"))
                .isEqualTo("process.name == \"cmd.exe\" and event.action == \"Network connection detected (rule: NetworkConnect)\" "
                        + "and not cidrMatch(destination.ip, \"10.0.0.0/8\", \"172.16.0.0/12\", \"192.168.0.0/16\")");
    }

    @Test
    void regsvrSeedUsesInForTheNameListAndSlash32ForTheSingleAddress() {
        assertThat(eql("process.name:(regsvr32.exe or regsvr64.exe) and event.action:\"Network connection detected (rule: NetworkConnect)\" "
                + "and not destination.ip:(10.0.0.0/8 or 169.254.169.254 or 172.16.0.0/12 or 192.168.0.0/16)"))
                .isEqualTo("process.name in (\"regsvr32.exe\", \"regsvr64.exe\") and event.action == \"Network connection detected (rule: NetworkConnect)\" "
                        + "and not cidrMatch(destination.ip, \"10.0.0.0/8\", \"169.254.169.254/32\", \"172.16.0.0/12\", \"192.168.0.0/16\")");
    }

    @Test
    void theFullQueryCoversEveryCategory() {
        EqlTranslation t = translate("process.name:cmd.exe");
        assertThat(((EqlTranslation.Expressed) t).query()).isEqualTo("any where process.name == \"cmd.exe\"");
    }

    @Test
    void precedenceIsKeptWithParentheses() {
        assertThat(eql("(process.name:a or process.name:b) and not (user.name:x and host.name:y)"))
                .isEqualTo("process.name in (\"a\", \"b\") and not (user.name == \"x\" and host.name == \"y\")");
        assertThat(eql("process.name:a or user.name:b and host.name:c"))
                .isEqualTo("process.name == \"a\" or user.name == \"b\" and host.name == \"c\"");
    }

    @Test
    void typedValues() {
        assertThat(eql("destination.port:443")).isEqualTo("destination.port == 443");
        assertThat(eql("destination.port >= 1024")).isEqualTo("destination.port >= 1024");
        assertThat(eql("dll.code_signature.trusted:false")).isEqualTo("dll.code_signature.trusted == false");
        assertThat(eql("destination.ip:10.1.2.3")).isEqualTo("destination.ip == \"10.1.2.3\"");
        assertThat(eql("destination.ip:\"FE80::/10\"")).isEqualTo("cidrMatch(destination.ip, \"FE80::/10\")");
    }

    @Test
    void existsAndWildcards() {
        assertThat(eql("process.parent.name:*")).isEqualTo("process.parent.name != null");
        assertThat(eql("process.name:*cmd*")).isEqualTo("process.name like \"*cmd*\"");
        assertThat(eql("process.name:\"*cmd*\"")).isEqualTo("process.name == \"*cmd*\"");
    }

    @Test
    void stringsAreEscapedForEql() {
        assertThat(eql("file.path:\"C:\\\\Windows\\\\x \\\"q\\\"\""))
                .isEqualTo("file.path == \"C:\\\\Windows\\\\x \\\"q\\\"\"");
    }

    @Test
    void whatEqlCannotExpressIsSaidNotApproximated() {
        assertThat(notExpressible("message:hello")).contains("full-text");
        assertThat(notExpressible("cmd.exe")).contains("every field");
        assertThat(notExpressible("process.*:cmd.exe")).contains("field-name wildcards");
        assertThat(notExpressible("@timestamp >= now-1d")).contains("date");
        assertThat(notExpressible("threat.enrichments.indicator.ip:1.2.3.4")).contains("nested");
        assertThat(notExpressible("process.name:a?b*")).contains("literal");
        assertThat(notExpressible("destination.ip:10.*")).contains("ip field");
        assertThat(notExpressible("destination.port:https")).contains("not a number");
    }

    @Test
    void fieldsThatAreNotIdentifiersAreBackquoted() {
        assertThat(eql("labels.my-label:x")).isEqualTo("`labels.my-label` == \"x\"");
        // a part starting with a digit would lex as a number in EQL (found by parsing every generated query)
        assertThat(eql("azure.auditlogs.properties.target_resources.0.display_name:x"))
                .isEqualTo("`azure.auditlogs.properties.target_resources.0.display_name` == \"x\"");
    }
}
