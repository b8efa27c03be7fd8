package io.ruleforge.evaluate.engine;

import com.sun.net.httpserver.HttpServer;
import io.ruleforge.fields.EcsSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creating the temporary index survives a retried PUT that finds the index its own lost first attempt created. */
class EngineIndexCreateTest {

    private HttpServer server;

    private EngineClient clusterAnsweringPut(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> JsonAnswer.respond(exchange, status, body));
        server.start();
        return new EngineClient(EngineConnection.anonymous(URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anIndexThatAlreadyExistsUnderItsNewRandomNameIsTheRunsOwn() throws IOException {
        EngineClient client = clusterAnsweringPut(400, "{\"error\":{\"root_cause\":[{\"type\":\"resource_already_exists_exception\","
                + "\"reason\":\"index [ruleforge-test-x/abc] already exists\"}],\"type\":\"resource_already_exists_exception\","
                + "\"reason\":\"index [ruleforge-test-x/abc] already exists\"},\"status\":400}");
        EngineIndex index = EngineIndex.create(client, EcsSchemas.defaultSchema(), "ruleforge-test");
        assertThat(index.name()).startsWith("ruleforge-test-");
    }

    @Test
    void anyOtherRefusalIsStillAnError() throws IOException {
        EngineClient client = clusterAnsweringPut(400, "{\"error\":{\"type\":\"illegal_argument_exception\","
                + "\"reason\":\"unknown setting [index.bogus]\"},\"status\":400}");
        assertThatThrownBy(() -> EngineIndex.create(client, EcsSchemas.defaultSchema(), "ruleforge-test"))
                .isInstanceOf(EngineException.class).hasMessageContaining("cannot create index")
                .hasMessageContaining("illegal_argument_exception");
    }
}
