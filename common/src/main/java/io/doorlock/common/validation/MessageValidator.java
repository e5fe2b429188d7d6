package io.doorlock.common.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.doorlock.common.command.CommandPayload;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.command.DeviceCommand;
import io.doorlock.common.command.DeviceCommandHeader;
import io.doorlock.common.dashboard.SendCommand;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.envelope.ErrorData;
import io.doorlock.common.envelope.ErrorDetail;
import io.doorlock.common.json.JsonCodec;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.doorlock.common.dashboard.PresenceStatus;
import io.doorlock.common.device.DeviceLinkStatus;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns any JSON text into either a typed message of the {@link EventCatalog} or the {@code error} payload that
 * answers it. It never throws for bad input: every failure has its own {@link ErrorCode}.
 *
 * <ol>
 *   <li>size: more than {@code maxPayloadBytes} UTF-8 bytes is {@link ErrorCode#PAYLOAD_TOO_LARGE};</li>
 *   <li>syntax: not JSON, duplicate keys, trailing tokens, nesting too deep is {@link ErrorCode#MALFORMED_JSON};</li>
 *   <li>envelope: no {@code event} string, {@code data} not an object is {@link ErrorCode#INVALID_ENVELOPE};</li>
 *   <li>event name unknown in this direction is {@link ErrorCode#UNKNOWN_EVENT};</li>
 *   <li>binding to the record: wrong JSON types are {@link ErrorCode#INVALID_TYPE}, bad enum or time values
 *       {@link ErrorCode#INVALID_VALUE};</li>
 *   <li>Bean Validation: missing fields {@link ErrorCode#MISSING_FIELD}, ranges {@link ErrorCode#OUT_OF_RANGE},
 *       patterns {@link ErrorCode#INVALID_VALUE}.</li>
 * </ol>
 *
 * Unknown fields are ignored and dropped: consumers only ever see the validated record.
 */
public final class MessageValidator {

    /** Default largest frame, 64 KiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final int MAX_ID_LENGTH = 128;

    private final Validator validator;
    private final JsonCodec codec;
    private final int maxPayloadBytes;

    public MessageValidator(Validator validator, JsonCodec codec, int maxPayloadBytes) {
        this.validator = validator;
        this.codec = codec;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Validates a text frame. */
    public ValidationResult validate(Direction direction, String text) {
        if (text == null || text.isBlank()) {
            return invalid(Optional.empty(), ErrorCode.MALFORMED_JSON, "empty frame");
        }
        if (utf8LengthExceeds(text, maxPayloadBytes)) {
            return tooLarge();
        }
        JsonNode tree;
        try {
            tree = codec.readTree(text);
        } catch (JsonProcessingException e) {
            return malformed(e);
        }
        return validateTree(direction, tree);
    }

    /** Validates a binary frame or MQTT payload (UTF-8 JSON). */
    public ValidationResult validate(Direction direction, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return invalid(Optional.empty(), ErrorCode.MALFORMED_JSON, "empty frame");
        }
        if (bytes.length > maxPayloadBytes) {
            return tooLarge();
        }
        try {
            return validateTree(direction, codec.readTree(bytes));
        } catch (JsonProcessingException e) {
            return malformed(e);
        } catch (IOException e) {
            return invalid(Optional.empty(), ErrorCode.MALFORMED_JSON, "unreadable frame");
        }
    }

    /**
     * Validates the payload of an MQTT device's status topic: the bare word {@code online} / {@code offline}, or
     * {@link DeviceLinkStatus} as JSON. Errors use the same codes as frames.
     */
    public Outcome<DeviceLinkStatus> validateLinkStatus(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Outcome.failure(ErrorData.of(ErrorCode.MALFORMED_JSON, "empty status"));
        }
        if (bytes.length > maxPayloadBytes) {
            return Outcome.failure(ErrorData.of(ErrorCode.PAYLOAD_TOO_LARGE, "status larger than " + maxPayloadBytes + " bytes"));
        }
        String text = new String(bytes, StandardCharsets.UTF_8).trim();
        for (PresenceStatus status : PresenceStatus.values()) {
            String word = status.name().toLowerCase(Locale.ROOT);
            if (text.equals(word) || text.equals('"' + word + '"')) {
                return Outcome.success(DeviceLinkStatus.of(status));
            }
        }
        JsonNode tree;
        try {
            tree = codec.readTree(bytes);
        } catch (JsonProcessingException e) {
            return Outcome.failure(ErrorData.of(ErrorCode.MALFORMED_JSON, "status must be online, offline or {\"status\":..., \"session\":...}"));
        } catch (IOException e) {
            return Outcome.failure(ErrorData.of(ErrorCode.MALFORMED_JSON, "unreadable status"));
        }
        if (tree == null || !tree.isObject()) {
            return Outcome.failure(ErrorData.of(ErrorCode.INVALID_ENVELOPE, "status must be online, offline or a JSON object"));
        }
        return bind(tree, DeviceLinkStatus.class, "");
    }

    /** Validates an already parsed frame. */
    public ValidationResult validateTree(Direction direction, JsonNode tree) {
        if (tree == null || tree.isMissingNode()) {
            return invalid(Optional.empty(), ErrorCode.MALFORMED_JSON, "empty frame");
        }
        if (!tree.isObject()) {
            return invalid(Optional.empty(), ErrorCode.INVALID_ENVELOPE, "a frame must be a JSON object {\"event\":..., \"data\":{...}}");
        }
        JsonNode idNode = tree.get("id");
        Optional<String> id = Optional.empty();
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual() || idNode.textValue().isEmpty() || idNode.textValue().length() > MAX_ID_LENGTH) {
                return invalid(Optional.empty(), ErrorCode.INVALID_ENVELOPE, "\"id\" must be a string of 1 to " + MAX_ID_LENGTH + " characters");
            }
            id = Optional.of(idNode.textValue());
        }
        JsonNode eventNode = tree.get("event");
        if (eventNode == null || !eventNode.isTextual() || eventNode.textValue().isBlank()) {
            return invalid(id, ErrorCode.INVALID_ENVELOPE, "\"event\" must be a non-empty string");
        }
        String event = eventNode.textValue();
        JsonNode data = tree.get("data");
        if (data == null || data.isNull()) {
            data = JsonNodeFactory.instance.objectNode();
        } else if (!data.isObject()) {
            return invalid(id, ErrorCode.INVALID_ENVELOPE, "\"data\" must be a JSON object");
        }
        return validateData(direction, event, data, id);
    }

    /** Validates {@code data} as the body of {@code event} in {@code direction}. */
    public ValidationResult validateData(Direction direction, String event, JsonNode data, Optional<String> id) {
        Optional<Class<?>> type = EventCatalog.recordFor(direction, event);
        if (type.isEmpty()) {
            return invalid(id, ErrorCode.UNKNOWN_EVENT, "unknown event '" + truncate(event) + "'; expected one of "
                    + EventCatalog.eventNames(direction));
        }
        if (type.get() == DeviceCommand.class) {
            return validateDeviceCommand(event, data, id);
        }
        Outcome<?> outcome = bind(data, type.get(), "");
        if (outcome.error != null) {
            return new ValidationResult.Invalid(id, withEvent(event, outcome.error));
        }
        if (outcome.value instanceof SendCommand send) {
            Outcome<CommandPayload> payload = checkSendCommand(send);
            if (payload.error != null) {
                return new ValidationResult.Invalid(id, withEvent(event, payload.error));
            }
        }
        return new ValidationResult.Valid(event, id, outcome.value);
    }

    /**
     * Validates the payload of a command of {@code type}. Used for {@code send_command} and for REST requests that
     * create commands. A missing payload is an empty object.
     */
    public Outcome<CommandPayload> validateCommandPayload(CommandType type, Optional<JsonNode> payload) {
        JsonNode node = payload.filter(p -> !p.isNull()).orElse(JsonNodeFactory.instance.objectNode());
        if (!node.isObject()) {
            return Outcome.failure(ErrorData.of(ErrorCode.INVALID_TYPE, "payload must be a JSON object"));
        }
        return bind(node, type.payloadType(), "payload.").map(CommandPayload.class::cast);
    }

    private Outcome<CommandPayload> checkSendCommand(SendCommand send) {
        Optional<CommandType> type = CommandType.fromWireName(send.command());
        if (type.isEmpty()) {
            List<String> names = Arrays.stream(CommandType.values()).map(CommandType::wireName).toList();
            return Outcome.failure(new ErrorData(ErrorCode.INVALID_VALUE, "command: unknown command '" + truncate(send.command()) + "'",
                    List.of(new ErrorDetail("command", ErrorCode.INVALID_VALUE, "must be one of " + names))));
        }
        return validateCommandPayload(type.get(), send.payload());
    }

    private ValidationResult validateDeviceCommand(String event, JsonNode data, Optional<String> id) {
        CommandType type = CommandType.fromWireName(event).orElseThrow();
        Outcome<DeviceCommandHeader> header = bind(data, DeviceCommandHeader.class, "");
        if (header.error != null) {
            return new ValidationResult.Invalid(id, withEvent(event, header.error));
        }
        Outcome<?> payload = bind(data, type.payloadType(), "");
        if (payload.error != null) {
            return new ValidationResult.Invalid(id, withEvent(event, payload.error));
        }
        return new ValidationResult.Valid(event, id, new DeviceCommand(type, header.value, (CommandPayload) payload.value));
    }

    private <T> Outcome<T> bind(JsonNode data, Class<T> type, String pathPrefix) {
        T value;
        try {
            value = codec.treeToValue(data, type);
        } catch (JsonMappingException e) {
            String field = pathPrefix + path(e);
            ErrorCode code = bindingErrorCode(e);
            String message = code == ErrorCode.INVALID_VALUE
                    ? "has a value that is not allowed"
                    : "has the wrong type" + expectedType(e);
            return Outcome.failure(new ErrorData(code, field + " " + message, List.of(new ErrorDetail(field, code, message))));
        } catch (JsonProcessingException e) {
            return Outcome.failure(ErrorData.of(ErrorCode.MALFORMED_JSON, "malformed data"));
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (violations.isEmpty()) {
            return Outcome.success(value);
        }
        List<ErrorDetail> details = violations.stream()
                .map(v -> new ErrorDetail(pathPrefix + path(v.getPropertyPath()), constraintCode(v), v.getMessage()))
                .sorted(Comparator.comparing(ErrorDetail::field).thenComparing(d -> d.code().name()))
                .collect(Collectors.toList());
        ErrorDetail first = details.get(0);
        return Outcome.failure(new ErrorData(first.code(), first.field() + " " + first.message(), details));
    }

    private static ErrorCode bindingErrorCode(JsonMappingException e) {
        if (e instanceof ValueInstantiationException) {
            return ErrorCode.INVALID_VALUE;
        }
        if (e instanceof InvalidFormatException ife) {
            Class<?> target = ife.getTargetType();
            if (ife.getValue() instanceof String && target != null
                    && (target.isEnum() || Temporal.class.isAssignableFrom(target))) {
                return ErrorCode.INVALID_VALUE;
            }
        }
        return ErrorCode.INVALID_TYPE;
    }

    private static String expectedType(JsonMappingException e) {
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            Class<?> t = mie.getTargetType();
            if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
                return ": expected a number";
            }
            if (t == String.class || t.isEnum()) {
                return ": expected a string";
            }
            if (t == Boolean.class) {
                return ": expected a boolean";
            }
            return ": expected an object";
        }
        return "";
    }

    private static ErrorCode constraintCode(ConstraintViolation<?> violation) {
        Class<? extends Annotation> a = violation.getConstraintDescriptor().getAnnotation().annotationType();
        if (a == NotNull.class || a == NotBlank.class || a == NotEmpty.class) {
            return ErrorCode.MISSING_FIELD;
        }
        if (a == Min.class || a == Max.class || a == DecimalMin.class || a == DecimalMax.class || a == Size.class
                || a == Positive.class || a == PositiveOrZero.class || a == Negative.class || a == NegativeOrZero.class) {
            return ErrorCode.OUT_OF_RANGE;
        }
        if (a == AssertTrue.class) {
            return ErrorCode.MISSING_FIELD;
        }
        return ErrorCode.INVALID_VALUE;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String path(Path path) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : path) {
            String name = node.getName();
            if (name != null && !name.startsWith("<") && !name.equals("notEmpty")) {
                names.add(name);
            }
        }
        return String.join(".", names);
    }

    private static ErrorData withEvent(String event, ErrorData error) {
        return new ErrorData(error.code(), event + ": " + error.message(), error.details());
    }

    private ValidationResult tooLarge() {
        return invalid(Optional.empty(), ErrorCode.PAYLOAD_TOO_LARGE, "frame exceeds " + maxPayloadBytes + " bytes");
    }

    private static ValidationResult malformed(JsonProcessingException e) {
        String reason = e instanceof StreamConstraintsException
                ? "nesting or value too large"
                : Optional.ofNullable(e.getOriginalMessage()).map(MessageValidator::truncate).orElse("not JSON");
        return invalid(Optional.empty(), ErrorCode.MALFORMED_JSON, "malformed JSON: " + reason);
    }

    private static ValidationResult invalid(Optional<String> id, ErrorCode code, String message) {
        return new ValidationResult.Invalid(id, ErrorData.of(code, message));
    }

    private static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    static boolean utf8LengthExceeds(String text, int limit) {
        if (text.length() > limit) {
            return true;
        }
        if ((long) text.length() * 3 <= limit) {
            return false;
        }
        return text.getBytes(StandardCharsets.UTF_8).length > limit;
    }

    /** A value or the error that stopped it. */
    public static final class Outcome<T> {
        private final T value;
        private final ErrorData error;

        private Outcome(T value, ErrorData error) {
            this.value = value;
            this.error = error;
        }

        static <T> Outcome<T> success(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> failure(ErrorData error) {
            return new Outcome<>(null, error);
        }

        public Optional<T> value() {
            return Optional.ofNullable(value);
        }

        public Optional<ErrorData> error() {
            return Optional.ofNullable(error);
        }

        <R> Outcome<R> map(Function<T, R> f) {
            return error != null ? failure(error) : success(f.apply(value));
        }
    }
}
