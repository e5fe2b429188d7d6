package io.doorlock.auditservice.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexModel;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.doorlock.testing.MongoWireServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The wire server in tests accepts but ignores non-unique and TTL indexes, so what is checked here is that each
 * definition is right and that it is really sent to the server, as MongoDB 7 would receive it.
 */
class DeviceEventIndexesTest {

    @Test
    void theSeedsIndexesAndA90DayTtlAreDefined() {
        List<IndexModel> indexes = DeviceEventStore.indexes(Duration.ofDays(90));
        List<String> keys = indexes.stream().map(i -> ((BsonDocument) i.getKeys()).keySet().toString()).toList();
        assertThat(keys).contains("[deviceId, timestamp]", "[eventType, timestamp]", "[deviceId, eventType, timestamp]");
        IndexModel ttl = indexes.stream().filter(i -> "retention_ttl".equals(i.getOptions().getName())).findFirst().orElseThrow();
        assertThat(((BsonDocument) ttl.getKeys()).keySet()).containsExactly("timestamp");
        assertThat(ttl.getOptions().getExpireAfter(TimeUnit.DAYS)).isEqualTo(90);
    }

    @Test
    void eachDefinitionIsSentToTheServerWithTheConfiguredRetention() {
        List<BsonDocument> sent = Collections.synchronizedList(new ArrayList<>());
        // A dynamic proxy, not a class: Quarkus makes every CommandListener class of the application a bean.
        CommandListener listener = (CommandListener) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CommandListener.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commandStarted") && args[0] instanceof CommandStartedEvent event
                            && event.getCommandName().equals("createIndexes")) {
                        sent.add(event.getCommand().clone());
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
        try (MongoWireServer wire = MongoWireServer.start();
                MongoClient client = MongoClients.create(MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString(wire.connectionString())).addCommandListener(listener).build())) {
            DeviceEventStore.issueIndexes(client.getDatabase("doorlock_audit").getCollection("device_events", Document.class), Duration.ofDays(30));
        }
        assertThat(sent).allSatisfy(c -> assertThat(c.getString("createIndexes").getValue()).isEqualTo("device_events"));
        List<BsonDocument> specs = sent.stream().flatMap(c -> c.getArray("indexes").stream().map(v -> v.asDocument())).toList();
        assertThat(specs).extracting(d -> d.getString("name").getValue())
                .contains("device_time", "type_time", "device_type_time", "command_time", "correlation_time", "retention_ttl");
        BsonDocument ttl = specs.stream().filter(d -> d.getString("name").getValue().equals("retention_ttl")).findFirst().orElseThrow();
        assertThat(ttl.getDocument("key").keySet()).containsExactly("timestamp");
        assertThat(ttl.getNumber("expireAfterSeconds").longValue()).isEqualTo(Duration.ofDays(30).toSeconds());
        BsonDocument deviceType = specs.stream().filter(d -> d.getString("name").getValue().equals("device_type_time")).findFirst().orElseThrow();
        assertThat(deviceType.getDocument("key").keySet()).containsExactly("deviceId", "eventType", "timestamp");
    }
}
