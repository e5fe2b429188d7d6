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

        org.bson.types.ObjectId mongooseId = new org.bson.types.ObjectId();
        raw.insertOne(new Document("_id", mongooseId).append("name", "Owned Old Door").append("espId", "ESP-OLD-3")
                .append("deviceType", "door-lock").append("userId", "someone").append("deviceToken", "owned-plain-token"));

        assertThat(migration.run()).isEqualTo(3);
        DeviceDocument owned = devices.findById(mongooseId.toHexString());
        assertThat(owned.userId).as("an owner is kept").isEqualTo("someone");
        assertThat(owned.tokenSha256).isEqualTo(io.doorlock.common.device.DeviceTokenHash.of("owned-plain-token"));
        assertThat(raw.find(new Document("_id", mongooseId)).first()).as("the ObjectId document is gone").isNull();
        assertThat(devices.findAllDevices()).as("the whole registry reads with the POJO codec").isNotEmpty();
        DeviceDocument first = devices.findById("legacy-1");
        assertThat(first.userId).isEqualTo(adminId);
        assertThat(first.deviceType).isEqualTo("door-lock");
        assertThat(first.tokenSha256).isEqualTo(io.doorlock.common.device.DeviceTokenHash.of("plain-legacy-token"));
        assertThat(raw.find(new Document("_id", "legacy-1")).first()).doesNotContainKey("deviceToken");
        assertThat(devices.findById("legacy-2").deviceType).isEqualTo("esp32-cam");
        assertThat(devices.findById("legacy-2").userId).isEqualTo(adminId);

        DeviceDocument before = devices.findById("legacy-1");
        assertThat(migration.run()).as("idempotent").isZero();
        assertThat(devices.findById("legacy-1").updatedAt).isEqualTo(before.updatedAt);
    }
}
