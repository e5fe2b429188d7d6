package io.doorlock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which filters pin a field to plain values, so that an index on the field may answer them. */
class PinnedValuesTest {

    @Test
    void anEqualityAnEqAndAnInPinTheField() {
        assertThat(PinnedValues.of(new Document("_id", "c1").append("deviceId", "d1"), "_id")).contains(List.of("c1"));
        assertThat(PinnedValues.of(new Document("status", new Document("$eq", "queued")), "status")).contains(List.of("queued"));
        assertThat(PinnedValues.of(new Document("status", new Document("$in", List.of("queued", "sent"))), "status"))
                .contains(List.of("queued", "sent"));
    }

    @Test
    void aTermOfAndPinsTheField() {
        Document filter = new Document("$and", List.of(new Document("_id", "c1"), new Document("revision", new Document("$lt", 3))));
        assertThat(PinnedValues.of(filter, "_id")).contains(List.of("c1"));
        Document nested = new Document("$and", List.of(new Document("$and", List.of(new Document("deviceId", "d1"))),
                new Document("status", "queued")));
        assertThat(PinnedValues.of(nested, "deviceId")).contains(List.of("d1"));
    }

    @Test
    void rangesNegationsOrsPatternsNullsAndSubDocumentsDoNot() {
        assertThat(PinnedValues.of(new Document("_id", new Document("$gt", "c1")), "_id")).isEmpty();
        assertThat(PinnedValues.of(new Document("status", new Document("$ne", "queued")), "status")).isEmpty();
        assertThat(PinnedValues.of(new Document("$or", List.of(new Document("_id", "c1"), new Document("deviceId", "d1"))), "_id")).isEmpty();
        assertThat(PinnedValues.of(new Document("deviceId", Pattern.compile("d.*")), "deviceId")).isEmpty();
        assertThat(PinnedValues.of(new Document("lastSeen", null), "lastSeen")).isEmpty();
        assertThat(PinnedValues.of(new Document("ws", new Document("connectionId", "x")), "ws")).isEmpty();
        assertThat(PinnedValues.of(new Document("tags", List.of("a", "b")), "tags")).isEmpty();
        assertThat(PinnedValues.of(new Document("status", new Document("$in", List.of("queued", new Document("$gt", 1)))), "status")).isEmpty();
        assertThat(PinnedValues.of(new Document("deviceId", "d1"), "status")).isEmpty();
    }
}
