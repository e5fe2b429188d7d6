package io.doorlock.common.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The six commands of the seed's Backend-to-Device table, with their wire names and payload records. */
public enum CommandType {
    LOCK_DOOR("lock_door", LockDoor.class, "control"),
    UNLOCK_DOOR("unlock_door", UnlockDoor.class, "control"),
    REQUEST_SNAPSHOT("request_snapshot", RequestSnapshot.class, "control"),
    UPDATE_SETTINGS("update_settings", UpdateSettings.class, "admin"),
    RESTART_DEVICE("restart_device", RestartDevice.class, "admin"),
    FIRMWARE_UPDATE("firmware_update", FirmwareUpdate.class, "admin");

    private final String wireName;
    private final Class<? extends CommandPayload> payloadType;
    private final String requiredPermission;

    CommandType(String wireName, Class<? extends CommandPayload> payloadType, String requiredPermission) {
        this.requiredPermission = requiredPermission;
        this.wireName = wireName;
        this.payloadType = payloadType;
    }

    /**
     * The permission on the device a person needs to send this command: {@code control} to operate the lock,
     * {@code admin} for what outlives a share (settings, restart, firmware). dashboard-gateway checks it, and
     * command-service checks it again against the permissions a signed request says were verified.
     */
    public String requiredPermission() {
        return requiredPermission;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public Class<? extends CommandPayload> payloadType() {
        return payloadType;
    }

    public static Optional<CommandType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static CommandType fromJson(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown command: " + name));
    }
}
