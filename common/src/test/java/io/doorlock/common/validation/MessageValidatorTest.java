package io.doorlock.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.command.DeviceCommand;
import io.doorlock.common.command.UnlockDoor;
import io.doorlock.common.dashboard.SendCommand;
import io.doorlock.common.device.AckStatus;
import io.doorlock.common.device.CommandAck;
import io.doorlock.common.device.DeviceHeartbeat;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.json.JsonCodec;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageValidatorTest {

    static final String CMD = "3f2b8c1e-9a4d-4e2f-8b7a-1c2d3e4f5a6b";
    static final String TS = "2025-11-14T10:00:00.000Z";
    static final String SHA = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";
    static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    static final MessageValidator VALIDATOR = new MessageValidator(FACTORY.getValidator(), new JsonCodec(), 64 * 1024);

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    /** One valid body for every event of the seed's four tables (and the few events the platform adds). */
    static Stream<Arguments> validSamples() {
        return Stream.of(
                // Device -> Backend
                of(Direction.DEVICE_TO_BACKEND, "authenticate", "{\"deviceId\":\"dev-1\",\"token\":\"a1b2c3\"}"),
                of(Direction.DEVICE_TO_BACKEND, "device_register", "{\"espId\":\"ESP32-001\",\"deviceType\":\"door-lock\",\"firmwareVersion\":\"1.2.0\"}"),
                of(Direction.DEVICE_TO_BACKEND, "device_heartbeat", "{\"deviceId\":\"dev-1\",\"batteryLevel\":85,\"status\":\"online\"}"),
                of(Direction.DEVICE_TO_BACKEND, "door_status_changed", "{\"deviceId\":\"dev-1\",\"status\":\"unlocked\",\"triggeredBy\":\"command\"}"),
                of(Direction.DEVICE_TO_BACKEND, "snapshot_ready", "{\"deviceId\":\"dev-1\",\"imageUrl\":\"https://cdn.example.com/a.jpg\",\"timestamp\":\"" + TS + "\",\"triggeredBy\":\"motion\"}"),
                of(Direction.DEVICE_TO_BACKEND, "motion_detected", "{\"deviceId\":\"dev-1\",\"timestamp\":\"" + TS + "\",\"confidence\":0.87}"),
                of(Direction.DEVICE_TO_BACKEND, "low_battery", "{\"deviceId\":\"dev-1\",\"batteryLevel\":12,\"timestamp\":\"" + TS + "\"}"),
                of(Direction.DEVICE_TO_BACKEND, "error_occurred", "{\"deviceId\":\"dev-1\",\"errorCode\":\"E_MOTOR\",\"errorMessage\":\"Motor stalled\"}"),
                of(Direction.DEVICE_TO_BACKEND, "command_ack", "{\"commandId\":\"" + CMD + "\",\"status\":\"executed\"}"),
                // Backend -> Device
                of(Direction.BACKEND_TO_DEVICE, "lock_door", "{\"commandId\":\"" + CMD + "\",\"timestamp\":\"" + TS + "\"}"),
                of(Direction.BACKEND_TO_DEVICE, "unlock_door", "{\"commandId\":\"" + CMD + "\",\"duration\":5000}"),
                of(Direction.BACKEND_TO_DEVICE, "request_snapshot", "{\"commandId\":\"" + CMD + "\",\"quality\":\"high\"}"),
                of(Direction.BACKEND_TO_DEVICE, "update_settings", "{\"commandId\":\"" + CMD + "\",\"settings\":{\"motionSensitivity\":50,\"captureMode\":\"on_motion\"}}"),
                of(Direction.BACKEND_TO_DEVICE, "restart_device", "{\"commandId\":\"" + CMD + "\"}"),
                of(Direction.BACKEND_TO_DEVICE, "firmware_update", "{\"commandId\":\"" + CMD + "\",\"version\":\"1.3.0\",\"url\":\"https://fw.example.com/door-1.3.0.bin\",\"sha256\":\"" + SHA + "\"}"),
                of(Direction.BACKEND_TO_DEVICE, "authenticated", "{\"deviceId\":\"dev-1\"}"),
                of(Direction.BACKEND_TO_DEVICE, "error", "{\"code\":\"MALFORMED_JSON\",\"message\":\"malformed JSON\",\"details\":[]}"),
                // Dashboard -> Backend
                of(Direction.DASHBOARD_TO_BACKEND, "authenticate", "{\"token\":\"eyJhbGciOiJSUzI1NiJ9.e30.c2ln\"}"),
                of(Direction.DASHBOARD_TO_BACKEND, "subscribe_device", "{\"deviceId\":\"dev-1\"}"),
                of(Direction.DASHBOARD_TO_BACKEND, "unsubscribe_device", "{\"deviceId\":\"dev-1\"}"),
                of(Direction.DASHBOARD_TO_BACKEND, "send_command", "{\"deviceId\":\"dev-1\",\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}}"),
                of(Direction.DASHBOARD_TO_BACKEND, "request_device_status", "{\"deviceId\":\"dev-1\"}"),
                of(Direction.DASHBOARD_TO_BACKEND, "cancel_command", "{\"commandId\":\"" + CMD + "\"}"),
                // Backend -> Dashboard
                of(Direction.BACKEND_TO_DASHBOARD, "new_visitor", "{\"visitorId\":\"v1\",\"imageUrl\":\"/api/door/logs/v1/image\",\"deviceId\":\"dev-1\",\"timestamp\":\"" + TS + "\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "visitor_processed", "{\"visitorId\":\"v1\",\"decision\":\"granted\",\"adminId\":\"u1\",\"timestamp\":\"" + TS + "\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "device_connected", "{\"deviceId\":\"dev-1\",\"deviceName\":\"Front Door\",\"timestamp\":\"" + TS + "\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "device_disconnected", "{\"deviceId\":\"dev-1\",\"deviceName\":\"Front Door\",\"reason\":\"heartbeat_timeout\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "device_status", "{\"deviceId\":\"dev-1\",\"status\":\"online\",\"timestamp\":\"" + TS + "\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "command_status", "{\"commandId\":\"" + CMD + "\",\"status\":\"failed\",\"errorMessage\":\"Motor stalled\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "system_alert", "{\"level\":\"warning\",\"message\":\"broker reconnecting\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "authenticated", "{\"userId\":\"u1\",\"username\":\"alice\",\"role\":\"user\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "subscribed", "{\"deviceId\":\"dev-1\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "unsubscribed", "{\"deviceId\":\"dev-1\"}"),
                of(Direction.BACKEND_TO_DASHBOARD, "error", "{\"code\":\"FORBIDDEN\",\"message\":\"no access to device\"}"));
    }

    /** At least one invalid body for every event, with the error code and field the client must get. */
    static Stream<Arguments> invalidSamples() {
        return Stream.of(
                bad(Direction.DEVICE_TO_BACKEND, "authenticate", "{\"deviceId\":\"dev-1\"}", ErrorCode.MISSING_FIELD, "token"),
                bad(Direction.DEVICE_TO_BACKEND, "authenticate", "{\"deviceId\":\"dev/+/#\",\"token\":\"x\"}", ErrorCode.INVALID_VALUE, "deviceId"),
                bad(Direction.DEVICE_TO_BACKEND, "device_register", "{\"espId\":\"ESP32-001\",\"deviceType\":\"toaster\"}", ErrorCode.INVALID_VALUE, "deviceType"),
                bad(Direction.DEVICE_TO_BACKEND, "device_register", "{\"deviceType\":\"door-lock\"}", ErrorCode.MISSING_FIELD, "espId"),
                bad(Direction.DEVICE_TO_BACKEND, "device_heartbeat", "{\"deviceId\":\"dev-1\",\"batteryLevel\":101}", ErrorCode.OUT_OF_RANGE, "batteryLevel"),
                bad(Direction.DEVICE_TO_BACKEND, "device_heartbeat", "{\"deviceId\":\"dev-1\",\"batteryLevel\":\"85\"}", ErrorCode.INVALID_TYPE, "batteryLevel"),
                bad(Direction.DEVICE_TO_BACKEND, "device_heartbeat", "{\"batteryLevel\":85}", ErrorCode.MISSING_FIELD, "deviceId"),
                bad(Direction.DEVICE_TO_BACKEND, "door_status_changed", "{\"deviceId\":\"dev-1\",\"status\":\"open\"}", ErrorCode.INVALID_VALUE, "status"),
                bad(Direction.DEVICE_TO_BACKEND, "door_status_changed", "{\"deviceId\":\"dev-1\"}", ErrorCode.MISSING_FIELD, "status"),
                bad(Direction.DEVICE_TO_BACKEND, "snapshot_ready", "{\"deviceId\":\"dev-1\",\"imageUrl\":\"ftp://x/a.jpg\"}", ErrorCode.INVALID_VALUE, "imageUrl"),
                bad(Direction.DEVICE_TO_BACKEND, "snapshot_ready", "{\"deviceId\":\"dev-1\",\"imageUrl\":\"https://x/a.jpg\",\"timestamp\":\"yesterday\"}", ErrorCode.INVALID_VALUE, "timestamp"),
                bad(Direction.DEVICE_TO_BACKEND, "motion_detected", "{\"deviceId\":\"dev-1\",\"confidence\":1.5}", ErrorCode.OUT_OF_RANGE, "confidence"),
                bad(Direction.DEVICE_TO_BACKEND, "motion_detected", "{\"deviceId\":\"dev-1\",\"confidence\":true}", ErrorCode.INVALID_TYPE, "confidence"),
                bad(Direction.DEVICE_TO_BACKEND, "low_battery", "{\"deviceId\":\"dev-1\"}", ErrorCode.MISSING_FIELD, "batteryLevel"),
                bad(Direction.DEVICE_TO_BACKEND, "low_battery", "{\"deviceId\":\"dev-1\",\"batteryLevel\":-1}", ErrorCode.OUT_OF_RANGE, "batteryLevel"),
                bad(Direction.DEVICE_TO_BACKEND, "error_occurred", "{\"deviceId\":\"dev-1\",\"errorMessage\":\"x\"}", ErrorCode.MISSING_FIELD, "errorCode"),
                bad(Direction.DEVICE_TO_BACKEND, "error_occurred", "{\"deviceId\":\"dev-1\",\"errorCode\":{\"a\":1}}", ErrorCode.INVALID_TYPE, "errorCode"),
                bad(Direction.DEVICE_TO_BACKEND, "command_ack", "{\"commandId\":\"not-a-uuid\",\"status\":\"executed\"}", ErrorCode.INVALID_VALUE, "commandId"),
                bad(Direction.DEVICE_TO_BACKEND, "command_ack", "{\"commandId\":\"" + CMD + "\",\"status\":\"done\"}", ErrorCode.INVALID_VALUE, "status"),
                bad(Direction.DEVICE_TO_BACKEND, "command_ack", "{\"commandId\":\"" + CMD + "\",\"status\":1}", ErrorCode.INVALID_TYPE, "status"),
                bad(Direction.DEVICE_TO_BACKEND, "command_ack", "{\"status\":\"executed\"}", ErrorCode.MISSING_FIELD, "commandId"),

                bad(Direction.BACKEND_TO_DEVICE, "lock_door", "{\"timestamp\":\"" + TS + "\"}", ErrorCode.MISSING_FIELD, "commandId"),
                bad(Direction.BACKEND_TO_DEVICE, "unlock_door", "{\"commandId\":\"" + CMD + "\",\"duration\":60000}", ErrorCode.OUT_OF_RANGE, "duration"),
                bad(Direction.BACKEND_TO_DEVICE, "unlock_door", "{\"commandId\":\"" + CMD + "\",\"duration\":5000.5}", ErrorCode.INVALID_TYPE, "duration"),
                bad(Direction.BACKEND_TO_DEVICE, "unlock_door", "{\"commandId\":\"" + CMD + "\"}", ErrorCode.MISSING_FIELD, "duration"),
                bad(Direction.BACKEND_TO_DEVICE, "request_snapshot", "{\"commandId\":\"" + CMD + "\",\"quality\":\"ultra\"}", ErrorCode.INVALID_VALUE, "quality"),
                bad(Direction.BACKEND_TO_DEVICE, "update_settings", "{\"commandId\":\"" + CMD + "\",\"settings\":{}}", ErrorCode.MISSING_FIELD, "settings"),
                bad(Direction.BACKEND_TO_DEVICE, "update_settings", "{\"commandId\":\"" + CMD + "\",\"settings\":{\"captureMode\":\"always\"}}", ErrorCode.INVALID_VALUE, "settings.captureMode"),
                bad(Direction.BACKEND_TO_DEVICE, "update_settings", "{\"commandId\":\"" + CMD + "\",\"settings\":{\"motionSensitivity\":500}}", ErrorCode.OUT_OF_RANGE, "settings.motionSensitivity"),
                bad(Direction.BACKEND_TO_DEVICE, "restart_device", "{\"commandId\":42}", ErrorCode.INVALID_TYPE, "commandId"),
                bad(Direction.BACKEND_TO_DEVICE, "firmware_update", "{\"commandId\":\"" + CMD + "\",\"version\":\"1.3.0\",\"url\":\"http://fw.example.com/a.bin\",\"sha256\":\"" + SHA + "\"}", ErrorCode.INVALID_VALUE, "url"),
                bad(Direction.BACKEND_TO_DEVICE, "firmware_update", "{\"commandId\":\"" + CMD + "\",\"url\":\"https://fw.example.com/a.bin\"}", ErrorCode.MISSING_FIELD, "version"),
                bad(Direction.BACKEND_TO_DEVICE, "firmware_update", "{\"commandId\":\"" + CMD + "\",\"version\":\"1.3.0\",\"url\":\"https://fw.example.com/a.bin\"}", ErrorCode.MISSING_FIELD, "sha256"),
                bad(Direction.BACKEND_TO_DEVICE, "firmware_update", "{\"commandId\":\"" + CMD + "\",\"version\":\"1.3.0\",\"url\":\"https://fw.example.com/a.bin\",\"sha256\":\"abc\"}", ErrorCode.INVALID_VALUE, "sha256"),
                bad(Direction.BACKEND_TO_DEVICE, "authenticated", "{}", ErrorCode.MISSING_FIELD, "deviceId"),
                bad(Direction.BACKEND_TO_DEVICE, "error", "{\"code\":\"NO_SUCH_CODE\"}", ErrorCode.INVALID_VALUE, "code"),

                bad(Direction.DASHBOARD_TO_BACKEND, "authenticate", "{}", ErrorCode.MISSING_FIELD, "token"),
                bad(Direction.DASHBOARD_TO_BACKEND, "authenticate", "{\"token\":12}", ErrorCode.INVALID_TYPE, "token"),
                bad(Direction.DASHBOARD_TO_BACKEND, "subscribe_device", "{\"deviceId\":\"../x/#\"}", ErrorCode.INVALID_VALUE, "deviceId"),
                bad(Direction.DASHBOARD_TO_BACKEND, "unsubscribe_device", "{\"deviceId\":7}", ErrorCode.INVALID_TYPE, "deviceId"),
                bad(Direction.DASHBOARD_TO_BACKEND, "send_command", "{\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}}", ErrorCode.MISSING_FIELD, "deviceId"),
                bad(Direction.DASHBOARD_TO_BACKEND, "send_command", "{\"deviceId\":\"dev-1\",\"command\":\"open_sesame\"}", ErrorCode.INVALID_VALUE, "command"),
                bad(Direction.DASHBOARD_TO_BACKEND, "send_command", "{\"deviceId\":\"dev-1\",\"command\":\"unlock_door\",\"payload\":{\"duration\":100}}", ErrorCode.OUT_OF_RANGE, "payload.duration"),
                bad(Direction.DASHBOARD_TO_BACKEND, "send_command", "{\"deviceId\":\"dev-1\",\"command\":\"unlock_door\",\"payload\":5}", ErrorCode.INVALID_TYPE, null),
                bad(Direction.DASHBOARD_TO_BACKEND, "send_command", "{\"deviceId\":\"dev-1\",\"command\":\"firmware_update\",\"payload\":{\"version\":\"1\",\"url\":\"http://x\",\"sha256\":\"" + SHA + "\"}}", ErrorCode.INVALID_VALUE, "payload.url"),
                bad(Direction.DASHBOARD_TO_BACKEND, "send_command", "{\"deviceId\":\"dev-1\",\"command\":\"firmware_update\",\"payload\":{\"version\":\"1\",\"url\":\"https://fw.example.com/a.bin\"}}", ErrorCode.MISSING_FIELD, "payload.sha256"),
                bad(Direction.DASHBOARD_TO_BACKEND, "send_command", "{\"deviceId\":\"dev-1\",\"command\":\"lock_door\",\"commandId\":\"123\"}", ErrorCode.INVALID_VALUE, "commandId"),
                bad(Direction.DASHBOARD_TO_BACKEND, "request_device_status", "{}", ErrorCode.MISSING_FIELD, "deviceId"),
                bad(Direction.DASHBOARD_TO_BACKEND, "cancel_command", "{\"commandId\":\"x\"}", ErrorCode.INVALID_VALUE, "commandId"),

                bad(Direction.BACKEND_TO_DASHBOARD, "new_visitor", "{\"visitorId\":\"v1\",\"deviceId\":\"dev-1\",\"timestamp\":\"" + TS + "\"}", ErrorCode.MISSING_FIELD, "imageUrl"),
                bad(Direction.BACKEND_TO_DASHBOARD, "visitor_processed", "{\"visitorId\":\"v1\",\"decision\":\"maybe\",\"timestamp\":\"" + TS + "\"}", ErrorCode.INVALID_VALUE, "decision"),
                bad(Direction.BACKEND_TO_DASHBOARD, "device_connected", "{\"deviceId\":\"dev-1\",\"timestamp\":\"" + TS + "\"}", ErrorCode.MISSING_FIELD, "deviceName"),
                bad(Direction.BACKEND_TO_DASHBOARD, "device_disconnected", "{\"deviceId\":\"dev-1\",\"deviceName\":\"Front\"}", ErrorCode.MISSING_FIELD, "reason"),
                bad(Direction.BACKEND_TO_DASHBOARD, "device_status", "{\"deviceId\":\"dev-1\",\"status\":\"sleeping\",\"timestamp\":\"" + TS + "\"}", ErrorCode.INVALID_VALUE, "status"),
                bad(Direction.BACKEND_TO_DASHBOARD, "command_status", "{\"commandId\":\"" + CMD + "\",\"status\":\"done\"}", ErrorCode.INVALID_VALUE, "status"),
                bad(Direction.BACKEND_TO_DASHBOARD, "system_alert", "{\"level\":\"info\",\"message\":\"x\"}", ErrorCode.INVALID_VALUE, "level"),
                bad(Direction.BACKEND_TO_DASHBOARD, "authenticated", "{\"userId\":\"u1\",\"username\":\"alice\"}", ErrorCode.MISSING_FIELD, "role"),
                bad(Direction.BACKEND_TO_DASHBOARD, "subscribed", "{}", ErrorCode.MISSING_FIELD, "deviceId"),
                bad(Direction.BACKEND_TO_DASHBOARD, "unsubscribed", "{\"deviceId\":[1]}", ErrorCode.INVALID_TYPE, "deviceId"),
                bad(Direction.BACKEND_TO_DASHBOARD, "error", "{\"code\":3}", ErrorCode.INVALID_TYPE, "code"));
    }

    @ParameterizedTest(name = "{0} {1} is valid")
    @MethodSource("validSamples")
    void validFramesPass(Direction direction, String event, String data) {
        ValidationResult result = VALIDATOR.validate(direction, frame(event, data));
        assertThat(result).as(String.valueOf(result)).isInstanceOf(ValidationResult.Valid.class);
        ValidationResult.Valid valid = (ValidationResult.Valid) result;
        assertThat(valid.event()).isEqualTo(event);
        assertThat(valid.message()).isInstanceOf(EventCatalog.recordFor(direction, event).orElseThrow());
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} at {4}")
    @MethodSource("invalidSamples")
    void invalidFramesGetTheirCode(Direction direction, String event, String data, ErrorCode code, String field) {
        ValidationResult result = VALIDATOR.validate(direction, frame(event, data));
        assertThat(result).as(String.valueOf(result)).isInstanceOf(ValidationResult.Invalid.class);
        ValidationResult.Invalid invalid = (ValidationResult.Invalid) result;
        assertThat(invalid.error().code()).isEqualTo(code);
        assertThat(invalid.error().message()).startsWith(event + ": ");
        if (field != null) {
            assertThat(invalid.error().details()).extracting(d -> d.field()).contains(field);
        }
    }

    @Test
    void everyEventOfEveryTableHasAValidAndAnInvalidSample() {
        for (Direction direction : Direction.values()) {
            Set<String> valid = namesOf(validSamples(), direction);
            Set<String> invalid = namesOf(invalidSamples(), direction);
            Set<String> catalog = EventCatalog.eventNames(direction);
            assertThat(valid).as("valid samples for " + direction).containsExactlyInAnyOrderElementsOf(catalog);
            assertThat(invalid).as("invalid samples for " + direction).containsExactlyInAnyOrderElementsOf(catalog);
        }
    }

    @Test
    void theSeedTablesAreInTheCatalog() {
        assertThat(EventCatalog.eventNames(Direction.DEVICE_TO_BACKEND)).contains("device_register", "device_heartbeat",
                "door_status_changed", "snapshot_ready", "motion_detected", "low_battery", "error_occurred", "command_ack");
        assertThat(EventCatalog.eventNames(Direction.BACKEND_TO_DEVICE)).contains("lock_door", "unlock_door",
                "request_snapshot", "update_settings", "restart_device", "firmware_update");
        assertThat(EventCatalog.eventNames(Direction.BACKEND_TO_DASHBOARD)).contains("new_visitor", "visitor_processed",
                "device_connected", "device_disconnected", "device_status", "command_status", "system_alert");
        assertThat(EventCatalog.eventNames(Direction.DASHBOARD_TO_BACKEND)).contains("subscribe_device",
                "unsubscribe_device", "send_command", "request_device_status");
    }

    @Test
    void typedValuesAreBound() {
        var ack = ((ValidationResult.Valid) VALIDATOR.validate(Direction.DEVICE_TO_BACKEND,
                frame("command_ack", "{\"commandId\":\"" + CMD + "\",\"status\":\"received\",\"deviceId\":\"dev-1\"}"))).as(CommandAck.class);
        assertThat(ack.status()).isEqualTo(AckStatus.RECEIVED);
        assertThat(ack.deviceId()).contains("dev-1");
        assertThat(ack.errorMessage()).isEmpty();

        var heartbeat = ((ValidationResult.Valid) VALIDATOR.validate(Direction.DEVICE_TO_BACKEND,
                frame("device_heartbeat", "{\"deviceId\":\"dev-1\"}"))).as(DeviceHeartbeat.class);
        assertThat(heartbeat.batteryLevel()).isEmpty();

        var command = ((ValidationResult.Valid) VALIDATOR.validate(Direction.BACKEND_TO_DEVICE,
                frame("unlock_door", "{\"commandId\":\"" + CMD + "\",\"duration\":3000}"))).as(DeviceCommand.class);
        assertThat(command.header().commandId()).isEqualTo(CMD);
        assertThat(command.payload()).isEqualTo(new UnlockDoor(3000));
    }

    @Test
    void unknownFieldsAreDroppedNotForwarded() {
        var valid = (ValidationResult.Valid) VALIDATOR.validate(Direction.DASHBOARD_TO_BACKEND,
                frame("send_command", "{\"deviceId\":\"dev-1\",\"command\":\"lock_door\",\"isAdmin\":true}"));
        String reencoded = new JsonCodec().encode(valid.as(SendCommand.class));
        assertThat(reencoded).doesNotContain("isAdmin");
    }

    @Test
    void absentOptionalsAreLeftOutOfOutgoingFrames() {
        var status = new io.doorlock.common.dashboard.CommandStatus(CMD, io.doorlock.common.command.CommandState.QUEUED,
                Optional.empty(), Optional.of("dev-1"), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(new JsonCodec().encode(status)).isEqualTo("{\"commandId\":\"" + CMD + "\",\"status\":\"queued\",\"deviceId\":\"dev-1\"}");
    }

    @Test
    void malformedJsonIsReported() {
        assertCode(Direction.DEVICE_TO_BACKEND, "{\"event\":", ErrorCode.MALFORMED_JSON);
        assertCode(Direction.DEVICE_TO_BACKEND, "not json at all", ErrorCode.MALFORMED_JSON);
        assertCode(Direction.DEVICE_TO_BACKEND, "{\"event\":\"command_ack\"} trailing", ErrorCode.MALFORMED_JSON);
        assertCode(Direction.DEVICE_TO_BACKEND, "", ErrorCode.MALFORMED_JSON);
    }

    @Test
    void duplicateKeysAreRejectedSoNoFieldCanBeSmuggled() {
        assertCode(Direction.DEVICE_TO_BACKEND,
                "{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"dev-1\",\"deviceId\":\"dev-2\"}}", ErrorCode.MALFORMED_JSON);
    }

    @Test
    void envelopeShapeIsChecked() {
        assertCode(Direction.DEVICE_TO_BACKEND, "[1,2]", ErrorCode.INVALID_ENVELOPE);
        assertCode(Direction.DEVICE_TO_BACKEND, "{\"data\":{}}", ErrorCode.INVALID_ENVELOPE);
        assertCode(Direction.DEVICE_TO_BACKEND, "{\"event\":5,\"data\":{}}", ErrorCode.INVALID_ENVELOPE);
        assertCode(Direction.DEVICE_TO_BACKEND, "{\"event\":\"device_heartbeat\",\"data\":[]}", ErrorCode.INVALID_ENVELOPE);
        assertCode(Direction.DEVICE_TO_BACKEND, "{\"event\":\"device_heartbeat\",\"data\":{},\"id\":7}", ErrorCode.INVALID_ENVELOPE);
    }

    @Test
    void unknownEventsAndEventsOfTheWrongDirectionAreUnknown() {
        assertCode(Direction.DEVICE_TO_BACKEND, frame("open_everything", "{}"), ErrorCode.UNKNOWN_EVENT);
        assertCode(Direction.DEVICE_TO_BACKEND, frame("send_command", "{\"deviceId\":\"dev-1\",\"command\":\"lock_door\"}"), ErrorCode.UNKNOWN_EVENT);
        assertCode(Direction.DASHBOARD_TO_BACKEND, frame("command_ack", "{\"commandId\":\"" + CMD + "\",\"status\":\"executed\"}"), ErrorCode.UNKNOWN_EVENT);
    }

    @Test
    void oversizedFramesAreRejectedBeforeParsing() {
        MessageValidator small = new MessageValidator(FACTORY.getValidator(), new JsonCodec(), 1024);
        String big = frame("error_occurred", "{\"deviceId\":\"dev-1\",\"errorCode\":\"E\",\"errorMessage\":\"" + "x".repeat(2000) + "\"}");
        assertThat(code(small.validate(Direction.DEVICE_TO_BACKEND, big))).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(code(small.validate(Direction.DEVICE_TO_BACKEND, big.getBytes()))).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        String multiByte = "{\"event\":\"x\",\"data\":{\"m\":\"" + "é".repeat(600) + "\"}}";
        assertThat(multiByte.length()).isLessThan(1024);
        assertThat(code(small.validate(Direction.DEVICE_TO_BACKEND, multiByte))).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "{\"event\":\"device_heartbeat\",\"data\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}";
        assertCode(Direction.DEVICE_TO_BACKEND, deep, ErrorCode.MALFORMED_JSON);
    }

    @Test
    void requestIdIsKeptOnSuccessAndOnError() {
        ValidationResult ok = VALIDATOR.validate(Direction.DASHBOARD_TO_BACKEND, "{\"event\":\"subscribe_device\",\"data\":{\"deviceId\":\"dev-1\"},\"id\":\"r-1\"}");
        assertThat(ok.id()).contains("r-1");
        ValidationResult bad = VALIDATOR.validate(Direction.DASHBOARD_TO_BACKEND, "{\"event\":\"subscribe_device\",\"data\":{},\"id\":\"r-2\"}");
        assertThat(bad.id()).contains("r-2");
        assertThat(code(bad)).isEqualTo(ErrorCode.MISSING_FIELD);
    }

    @Test
    void missingDataIsAnEmptyObject() {
        ValidationResult result = VALIDATOR.validate(Direction.BACKEND_TO_DEVICE, "{\"event\":\"restart_device\"}");
        assertThat(code(result)).isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(VALIDATOR.validate(Direction.DASHBOARD_TO_BACKEND,
                "{\"event\":\"send_command\",\"data\":{\"deviceId\":\"dev-1\",\"command\":\"lock_door\"}}"))
                .isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void commandPayloadsAreCheckedPerType() {
        var codec = new JsonCodec();
        for (var type : io.doorlock.common.command.CommandType.values()) {
            var outcome = VALIDATOR.validateCommandPayload(type, Optional.of(codec.mapper().createArrayNode()));
            assertThat(outcome.error()).as(type.wireName()).isPresent();
        }
        assertThat(VALIDATOR.validateCommandPayload(io.doorlock.common.command.CommandType.RESTART_DEVICE, Optional.empty()).value()).isPresent();
    }

    private static void assertCode(Direction direction, String text, ErrorCode expected) {
        assertThat(code(VALIDATOR.validate(direction, text))).as(text).isEqualTo(expected);
    }

    private static ErrorCode code(ValidationResult result) {
        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        return ((ValidationResult.Invalid) result).error().code();
    }

    private static String frame(String event, String data) {
        return "{\"event\":\"" + event + "\",\"data\":" + data + "}";
    }

    private static Arguments of(Direction d, String event, String data) {
        return Arguments.of(d, event, data);
    }

    private static Arguments bad(Direction d, String event, String data, ErrorCode code, String field) {
        return Arguments.of(d, event, data, code, field);
    }

    private static Set<String> namesOf(Stream<Arguments> samples, Direction direction) {
        return samples.map(Arguments::get)
                .filter(a -> a[0] == direction)
                .map(a -> (String) a[1])
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @SuppressWarnings("unused")
    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
