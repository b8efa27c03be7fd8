package io.ruleforge.fields;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elastic's field types reach a rule through its index patterns. Expected types are those of the Beats'
 * fields.yml and detection-rules' non-ecs-schema.json (../shared/data/detection-rules-schemas), read by hand.
 */
class ElasticSchemasTest {

    private static final FieldSchema ECS = EcsSchemas.defaultSchema();
    private static final IndexMappings MAPPINGS = new IndexMappings(ECS, ECS, ElasticSchemas.layers(), List.of());

    private static Optional<String> type(List<String> index, String field) {
        return MAPPINGS.forIndices(index).indexFields().field(field).map(FieldMapping::type);
    }

    @Test
    void filebeatModulesTypeTheirFieldsBelowTheModuleName() {
        // filebeat/module/aws/cloudtrail/_meta/fields.yml: user_identity.type, keyword, nested in the aws group
        assertThat(type(List.of("filebeat-*"), "aws.cloudtrail.user_identity.type")).contains("keyword");
        // the o365 module has no group of its own: its dataset names its fields in full (o365.audit.*)
        assertThat(type(List.of("filebeat-*"), "o365.audit.Operation")).contains("keyword");
        assertThat(type(List.of("filebeat-*"), "o365.o365.audit.Operation")).isEmpty();
    }

    @Test
    void aModuleStandsForItsIntegrationsDataStreams() {
        assertThat(type(List.of("logs-aws.cloudtrail-*"), "aws.cloudtrail.user_identity.type")).contains("keyword");
        assertThat(type(List.of("logs-azure*"), "azure.signinlogs.properties.client_app_used")).contains("keyword");
    }

    @Test
    void fieldsApplyOnlyToTheIndicesThatHoldThem() {
        assertThat(type(List.of("winlogbeat-*"), "aws.cloudtrail.user_identity.type")).isEmpty();
        assertThat(type(List.of("logs-aws.cloudtrail-*"), "winlog.event_data.CallerProcessName")).isEmpty();
        // non-ecs-schema.json: "winlogbeat-*": {"winlog": {"event_data": {"CallerProcessName": "keyword"}}}
        assertThat(type(List.of("winlogbeat-*"), "winlog.event_data.CallerProcessName")).contains("keyword");
        // non-ecs-schema.json: "logs-windows.*": {"powershell.file.script_block_text": "text"}
        assertThat(type(List.of("logs-windows.powershell*"), "powershell.file.script_block_text")).contains("text");
    }

    @Test
    void elasticDefendAndEndgameExtras() {
        assertThat(type(List.of("logs-endpoint.events.process-*"), "process.name.caseless")).contains("keyword");
        assertThat(type(List.of("endgame-*"), "endgame.event_subtype_full")).contains("keyword");
    }

    /**
     * Elastic Defend's *.caseless multi-fields are keywords with the built-in lowercase normalizer and ignore_above
     * 1024 (elastic/endpoint-package, package/endpoint/data_stream/process/fields/fields.yml), which the schema file
     * does not say: the field reaches the rule with both.
     */
    @Test
    void elasticDefendsCaselessFieldsAreLowercaseKeywords() {
        FieldMapping caseless = MAPPINGS.forIndices(List.of("logs-endpoint.events.process-*")).indexFields()
                .field("process.name.caseless").orElseThrow();
        assertThat(caseless.normalizer()).isEqualTo(Normalizer.LOWERCASE);
        assertThat(caseless.ignoreAbove()).isEqualTo(1024);
        assertThat(MAPPINGS.forIndices(List.of("logs-endpoint.events.process-*")).indexFields()
                .field("process.name").orElseThrow().normalizer()).isEqualTo(Normalizer.NONE);
    }

    @Test
    void keysBelowAFlattenedFieldOrADynamicObjectAreKnown() {
        // aws.cloudtrail.flattened.request_parameters is flattened: any key below it is a keyword
        assertThat(type(List.of("filebeat-*"), "aws.cloudtrail.flattened.request_parameters.bucketName")).contains("keyword");
        // o365.audit.Parameters.* is an object of dynamic keys
        assertThat(type(List.of("logs-o365.audit-*"), "o365.audit.Parameters.Enabled")).contains("keyword");
    }

    @Test
    void theKibanaTranslationSeesThemToo() {
        assertThat(MAPPINGS.forIndices(List.of("filebeat-*")).kibanaFields().field("aws.cloudtrail.user_identity.type"))
                .map(FieldMapping::isKeywordLike).contains(true);
        // without an index pattern (schema none) Kibana knows no field, Elastic's included
        IndexMappings none = new IndexMappings(FieldSchema.none(), ECS, ElasticSchemas.layers(), List.of());
        assertThat(none.forIndices(List.of("filebeat-*")).kibanaFields().isEmpty()).isTrue();
    }

    @Test
    void aUsersMappingOverridesElasticsTypes() {
        ScopedMapping user = new ScopedMapping("fb.json", List.of("filebeat-*"),
                FieldSchema.of("fb.json", List.of(new FieldMapping("aws.cloudtrail.user_identity.type", "text"))));
        IndexMappings withUser = new IndexMappings(ECS, ECS, ElasticSchemas.layers(), List.of(user));
        assertThat(withUser.forIndices(List.of("filebeat-*")).indexFields().field("aws.cloudtrail.user_identity.type"))
                .map(FieldMapping::type).contains("text");
        assertThat(withUser.forIndices(List.of("filebeat-*")).conflicts()).isEmpty();
    }
}
