package io.ruleforge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link LocalElasticsearch} node for the tests of a class that compare ruleforge's verdicts with a real
 * Elasticsearch: started before the class's first test, stopped after its last, with a client and indices holding
 * given events. Registered on an instance field of a {@code @TestInstance(PER_CLASS)} class:
 * {@code @RegisterExtension final TestElasticsearch elasticsearch = new TestElasticsearch();}.
 */
public final class TestElasticsearch implements BeforeAllCallback, AfterAllCallback {

    private LocalElasticsearch node;
    private EngineClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        node = LocalElasticsearch.start();
        client = new EngineClient(EngineConnection.anonymous(node.url()));
        System.out.println("Elasticsearch started in " + node.startup().toMillis() / 1000.0 + " s: " + client.describeEngine()
                + " (pid " + node.pid() + ")");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (node != null) {
            node.close();
        }
    }

    public EngineClient client() {
        return client;
    }

    /**
     * A new index named after {@code prefix}, mapped with {@code schema}, holding the events by id; fails the test
     * when Elasticsearch refuses any of them, which would leave its verdicts on them unasked. Close it when done.
     */
    public EngineIndex indexOf(String prefix, FieldSchema schema, Map<String, ? extends JsonNode> eventsById) {
        EngineIndex index = EngineIndex.create(client, schema, prefix);
        EngineIndex.IndexingResult indexed = index.index(eventsById);
        if (!indexed.rejected().isEmpty()) {
            index.close();
        }
        assertThat(indexed.rejected()).as("events Elasticsearch refuses to index in " + prefix).isEmpty();
        return index;
    }
}
