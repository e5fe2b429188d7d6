package io.doorlock.dashboardgateway.registry;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.doorlock.dashboardgateway.user.UserDocument;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

/**
 * The seed's migration, as an idempotent start-up task: devices without an owner (from the system the seed
 * refactors) are assigned to the first admin, get {@code deviceType: door-lock} when they have none, and a plain-text
 * {@code deviceToken} is replaced by its SHA-256. Running it again changes nothing.
 */
@ApplicationScoped
public class UnownedDeviceMigration {

    private static final Logger LOG = Logger.getLogger(UnownedDeviceMigration.class);

    /** Start-up migrations. */
    @ConfigMapping(prefix = "doorlock.migration")
    public interface MigrationConfig {
        /** Assign devices without an owner to the first admin at start. */
        @WithDefault("true")
        boolean assignUnownedDevices();
    }

    private final DeviceRepository devices;
    private final UserRepository users;
    private final RegistryPublisher registry;
    private final MigrationConfig config;

    public UnownedDeviceMigration(DeviceRepository devices, UserRepository users, RegistryPublisher registry, MigrationConfig config) {
        this.devices = devices;
        this.users = users;
        this.registry = registry;
        this.config = config;
    }

    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
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

    /** Migrates every unowned device; returns how many were changed. */
    public int run() {
        var raw = devices.mongoCollection().withDocumentClass(Document.class);
        List<Document> unowned = raw.find(Filters.or(Filters.exists("userId", false), Filters.eq("userId", null))).into(new ArrayList<>());
        if (unowned.isEmpty()) {
            return 0;
        }
        Optional<UserDocument> admin = users.find("role", "admin").firstResultOptional();
        if (admin.isEmpty()) {
            LOG.warnf("%d devices have no owner and there is no admin to assign them to", unowned.size());
            return 0;
        }
        int changed = 0;
        for (Document device : unowned) {
            List<Bson> updates = new ArrayList<>();
            updates.add(Updates.set("userId", admin.get().id));
            updates.add(Updates.set("updatedAt", Instant.now()));
            if (device.getString("deviceType") == null) {
                updates.add(Updates.set("deviceType", "door-lock"));
            }
            if (device.getString("espId") != null && device.getString("espIdKey") == null) {
                updates.add(Updates.set("espIdKey", device.getString("espId").toLowerCase(Locale.ROOT)));
            }
            String plain = device.getString("deviceToken");
            if (plain != null) {
                updates.add(Updates.set("tokenSha256", DeviceTokens.sha256Hex(plain)));
                updates.add(Updates.unset("deviceToken"));
            }
            // Conditional on still being unowned: two replicas starting together migrate each device once.
            var result = raw.updateOne(Filters.and(Filters.eq("_id", device.get("_id")),
                    Filters.or(Filters.exists("userId", false), Filters.eq("userId", null))), Updates.combine(updates));
            if (result.getModifiedCount() > 0) {
                changed++;
                devices.findByIdOptional(String.valueOf(device.get("_id"))).filter(d -> d.tokenSha256 != null).ifPresent(d -> {
                    try {
                        registry.publish(d);
                    } catch (RuntimeException e) {
                        LOG.warnf("migrated device %s not yet published: %s", d.id, e.getMessage());
                    }
                });
            }
        }
        return changed;
    }
}
