package io.doorlock.dashboardgateway.registry;

import io.doorlock.common.device.DeviceTokenHash;
import io.doorlock.dashboardgateway.access.Permission;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The devices the dashboard tests share, registered in the registry the way {@code POST /api/device/register} and
 * {@code POST /api/device/{id}/share} store them ({@link DeviceRepository}), under fixed ids so the tests can name
 * them. Their users come from {@code TestUsers} (username {@code <id>-name}).
 */
public final class TestDevices {

    private TestDevices() {}

    /**
     * Registers, unless registered already: {@code door-1} ("Front Door") owned by {@code user-1}, shared with
     * {@code user-2} (view) and {@code user-3} (control); {@code door-9} owned by {@code user-9}, shared with nobody.
     */
    public static void ensureDoors(DeviceRepository devices) {
        if (register(devices, "door-1", "Front Door", "user-1")) {
            share(devices, "door-1", "user-2", Permission.VIEW);
            share(devices, "door-1", "user-3", Permission.CONTROL);
        }
        register(devices, "door-9", "Side Door", "user-9");
    }

    /** Registers a device owned by {@code owner}; false when it is registered already. */
    private static boolean register(DeviceRepository devices, String id, String name, String owner) {
        if (devices.findByIdOptional(id).isPresent()) {
            return false;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DeviceDocument device = new DeviceDocument();
        device.id = id;
        device.name = name;
        device.espId = "ESP32-" + id;
        device.deviceType = "door-lock";
        device.userId = owner;
        device.tokenSha256 = DeviceTokenHash.of(DeviceTokens.newToken());
        device.createdAt = now;
        device.updatedAt = now;
        return devices.create(device);
    }

    /** What the share route stores: the level and every level it implies. */
    private static void share(DeviceRepository devices, String id, String userId, Permission level) {
        List<String> permissions = level.granted().stream().map(Permission::wireName).toList();
        devices.share(id, userId, userId + "-name", permissions, Instant.now()).orElseThrow();
    }
}
