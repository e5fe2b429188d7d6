package io.doorlock.common.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The six commands of the seed's Backend-to-Device table, with their wire names and payload records. */
public enum CommandType {
    LOCK_DOOR("lock_door", LockDoor.class),
    UNLOCK_DOOR("unlock_door", UnlockDoor.class),
    REQUEST_SNAPSHOT("request_snapshot", RequestSnapshot.class),
    UPDATE_SETTINGS("update_settings", UpdateSettings.class),
    RESTART_DEVICE("restart_device", RestartDevice.class),
    FIRMWARE_UPDATE("firmware_update", FirmwareUpdate.class);

    private final String wireName;
    private final Class<? extends CommandPayload> payloadType;

    CommandType(String wireName, Class<? extends CommandPayload> payloadType) {
        this.wireName = wireName;
        this.payloadType = payloadType;
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
