package io.ruleforge.replay;

import io.ruleforge.esql.EsqlParseResult;
import io.ruleforge.esql.EsqlParser;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which part of an ES|QL rule's query replay puts each event through once: the WHEREs right after FROM, when
 * whether they keep an event depends on that event alone — mapped fields (an unmapped one is typed by the window's
 * first event that has it) and not the run's moment.
 */
class EsqlTimelineTest {

    private static final FieldSchema ECS = EcsSchemas.defaultSchema();

    private static EsqlQuery query(String text) {
        return ((EsqlParseResult.Success) EsqlParser.parse(text, EsqlVersion.V9)).query();
    }

    private static int leadingWheres(String text) {
        EsqlQuery leading = EsqlTimeline.leadingWheres(query(text), ECS);
        return leading == null ? 0 : leading.commands().size() - 1;
    }

    @Test
    void theWheresRightAfterFromOnMappedFieldsAreAnEventsOwn() {
        assertThat(leadingWheres("FROM logs-* | WHERE event.category == \"process\" | WHERE to_lower(process.name) == \"a.exe\""
                + " | STATS c = COUNT(*) BY host.name | WHERE c > 3")).isEqualTo(2);
        assertThat(leadingWheres("FROM logs-* METADATA _id | WHERE host.os.type == \"windows\" | KEEP _id")).isEqualTo(1);
    }

    @Test
    void aWhereOnAnUnmappedOrMetadataFieldOrTheRunsMomentEndsThem() {
        assertThat(leadingWheres("FROM logs-* | WHERE event.category == \"process\" | WHERE custom.thing == 1")).isEqualTo(1);
        assertThat(leadingWheres("FROM logs-* | WHERE custom.thing == 1 | WHERE event.category == \"process\"")).isZero();
        assertThat(leadingWheres("FROM logs-* METADATA _index | WHERE _index LIKE \"logs-*\"")).isZero();
        assertThat(leadingWheres("FROM logs-* | WHERE @timestamp > NOW() - 1 hour")).isZero();
        assertThat(leadingWheres("FROM logs-* | EVAL x = 1 | WHERE event.category == \"process\"")).isZero();
    }
}
