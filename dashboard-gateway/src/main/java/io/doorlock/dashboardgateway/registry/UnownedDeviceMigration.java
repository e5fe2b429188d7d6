package io.doorlock.dashboardgateway.registry;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.doorlock.dashboardgateway.user.UserDocument;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.quarkus.runtime.StartupEvent;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import io.doorlock.common.device.DeviceTokenHash;
import jakarta.interceptor.Interceptor;
import java.util.LinkedHashSet;
import java.util.Set;
import org.bson.types.ObjectId;
import io.doorlock.dashboardgateway.MigrationConfig;

/**
 * The seed's migration, as an idempotent start-up task (see {@link #run}). Running it again changes nothing.
 */
@ApplicationScoped
public class UnownedDeviceMigration {

    private static final Logger LOG = Logger.getLogger(UnownedDeviceMigration.class);

    private final DeviceRepository devices;
    private final UserRepository users;
    private final RegistryPublisher registry;
    private final BrokerProvisioner broker;
    private final MigrationConfig config;

    public UnownedDeviceMigration(DeviceRepository devices, UserRepository users, RegistryPublisher registry, BrokerProvisioner broker,
            MigrationConfig config) {
        this.devices = devices;
        this.users = users;
        this.registry = registry;
        this.broker = broker;
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        if (!config.assignUnownedDevices()) {
            return;
        }
        try {
            int migrated = run();
            if (migrated > 0) {
                LOG.infof("assigned %d unowned devices to the first admin", migrated);
            }
        } catch (RuntimeException e) {
            LOG.warnf("unowned-device migration did not run: %s", e.getMessage());
        }
    }

    /**
     * Brings devices from the system the seed refactors into this registry's shape; returns how many documents were
     * changed. Three idempotent passes: Mongoose ObjectId {@code _id}s become their hex strings, plain
     * {@code deviceToken}s become SHA-256 hashes (and, when broker provisioning is on, MQTT credentials with that
     * same token), and devices without an owner go to the first admin.
     */
    public int run() {
        var raw = devices.mongoCollection().withDocumentClass(Document.class);
        Set<String> changed = new LinkedHashSet<>();
        for (Document legacy : raw.find().into(new ArrayList<>())) {
            if (legacy.get("_id") instanceof ObjectId oid) {
                Document copy = new Document(legacy).append("_id", oid.toHexString());
                try {
                    raw.insertOne(copy);
                } catch (MongoWriteException e) {
                    if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                }
                raw.deleteOne(Filters.eq("_id", oid));
                changed.add(oid.toHexString());
            }
        }
        for (Document legacy : raw.find(Filters.exists("deviceToken", true)).into(new ArrayList<>())) {
            String id = String.valueOf(legacy.get("_id"));
            String plain = legacy.getString("deviceToken");
            if (plain == null) {
                continue;
            }
            var result = raw.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("deviceToken", plain)), Updates.combine(
                    Updates.set("tokenSha256", DeviceTokenHash.of(plain)), Updates.unset("deviceToken"),
                    Updates.set("updatedAt", Instant.now())));
            if (result.getModifiedCount() > 0) {
                changed.add(id);
                try {
                    broker.provision(id, plain);
                } catch (RuntimeException e) {
                    LOG.warnf("MQTT credentials of migrated device %s not set: %s (rotate its token to retry)", id, e.getMessage());
                }
            }
        }
        List<Document> unowned = raw.find(Filters.or(Filters.exists("userId", false), Filters.eq("userId", null))).into(new ArrayList<>());
        Optional<UserDocument> admin = unowned.isEmpty() ? Optional.empty() : users.find("role", "admin").firstResultOptional();
        if (!unowned.isEmpty() && admin.isEmpty()) {
            LOG.warnf("%d devices have no owner and there is no admin to assign them to", unowned.size());
        }
        for (Document device : admin.isPresent() ? unowned : List.<Document>of()) {
            List<Bson> updates = new ArrayList<>();
            updates.add(Updates.set("userId", admin.get().id));
            updates.add(Updates.set("updatedAt", Instant.now()));
            if (device.getString("deviceType") == null) {
                updates.add(Updates.set("deviceType", "door-lock"));
            }
            if (device.getString("espId") != null && device.getString("espIdKey") == null) {
                updates.add(Updates.set("espIdKey", device.getString("espId").toLowerCase(Locale.ROOT)));
            }
            // Conditional on still being unowned: two replicas starting together migrate each device once.
            var result = raw.updateOne(Filters.and(Filters.eq("_id", device.get("_id")),
                    Filters.or(Filters.exists("userId", false), Filters.eq("userId", null))), Updates.combine(updates));
            if (result.getModifiedCount() > 0) {
                changed.add(String.valueOf(device.get("_id")));
            }
        }
        for (String id : changed) {
            devices.findByIdOptional(id).filter(d -> d.tokenSha256 != null && d.userId != null).ifPresent(d -> {
                try {
                    registry.publish(d);
                } catch (RuntimeException e) {
                    LOG.warnf("migrated device %s not yet published: %s", d.id, e.getMessage());
                }
            });
        }
        return changed.size();
    }
}
