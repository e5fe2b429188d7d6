package io.doorlock.auditservice.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.IndexModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The wire server in tests ignores non-unique and TTL indexes, so their definitions are checked here. */
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
}
