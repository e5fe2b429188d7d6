package io.doorlock.dashboardgateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class UnownedDeviceMigrationTest {

    @Inject
    UnownedDeviceMigration migration;

    @Inject
    DeviceRepository devices;

    @Inject
    UserRepository users;

    @Test
    void legacyDevicesGoToTheFirstAdminOnceAndLoseTheirPlainToken() {
        var raw = devices.mongoCollection().withDocumentClass(Document.class);
        raw.insertOne(new Document("_id", "legacy-1").append("name", "Old Door").append("espId", "ESP-OLD-1")
                .append("deviceToken", "plain-legacy-token"));
        raw.insertOne(new Document("_id", "legacy-2").append("name", "Old Cam").append("espId", "ESP-OLD-2")
                .append("deviceType", "esp32-cam").append("userId", null));
        String adminId = users.findByUsername("root").orElseThrow().id;

        assertThat(migration.run()).isEqualTo(2);
        DeviceDocument first = devices.findById("legacy-1");
        assertThat(first.userId).isEqualTo(adminId);
        assertThat(first.deviceType).isEqualTo("door-lock");
        assertThat(first.tokenSha256).isEqualTo(DeviceTokens.sha256Hex("plain-legacy-token"));
        assertThat(raw.find(new Document("_id", "legacy-1")).first()).doesNotContainKey("deviceToken");
        assertThat(devices.findById("legacy-2").deviceType).isEqualTo("esp32-cam");
        assertThat(devices.findById("legacy-2").userId).isEqualTo(adminId);

        DeviceDocument before = devices.findById("legacy-1");
        assertThat(migration.run()).as("idempotent").isZero();
        assertThat(devices.findById("legacy-1").updatedAt).isEqualTo(before.updatedAt);
    }
}
