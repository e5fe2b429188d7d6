package io.doorlock.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A property test of the validator: for every event of the four tables, thousands of random mutations of a valid
 * frame (text mutations, wrong types, missing and unknown fields, deep nesting, huge numbers and strings, invalid
 * UTF-8). Whatever the input, the validator answers Valid or Invalid with an error code and a message, and never
 * throws. The generator is seeded, so a failure names a mutation that can be replayed.
 */
class MessageValidatorPropertyTest {

    static final int MUTATIONS_PER_EVENT = 400;
    /** Its own factory: MessageValidatorTest closes its one when it finishes. */
    static final jakarta.validation.ValidatorFactory FACTORY = jakarta.validation.Validation.buildDefaultValidatorFactory();
    static final MessageValidator VALIDATOR = new MessageValidator(FACTORY.getValidator(), new io.doorlock.common.json.JsonCodec(), 64 * 1024);
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String[] TOKENS = {"{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000", "\uFFFF", "\uD800", "9e99999",
            "-0", "1.0E-400", "NaN", "null", "true", " ", "\n", "é", "𝄞", "\"__proto__\""};

    @org.junit.jupiter.api.AfterAll
    static void close() {
        FACTORY.close();
    }

    @TestFactory
    Stream<DynamicTest> mutatedFramesOfEveryEventNeverThrow() {
        return MessageValidatorTest.validSamples().map(Arguments::get).map(args -> {
            Direction direction = (Direction) args[0];
            String event = (String) args[1];
            String data = (String) args[2];
            return DynamicTest.dynamicTest(direction + " " + event, () -> mutate(direction, event, data));
        });
    }

    @TestFactory
    Stream<DynamicTest> randomBytesNeverThrow() {
        return Stream.of(Direction.values()).map(direction -> DynamicTest.dynamicTest(direction.name(), () -> {
            Random random = new Random(direction.ordinal());
            for (int i = 0; i < 2000; i++) {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                check(direction, () -> VALIDATOR.validate(direction, bytes), "random bytes #" + i);
            }
        }));
    }

    private static void mutate(Direction direction, String event, String data) throws Exception {
        long seed = (direction + event).hashCode();
        Random random = new Random(seed);
        String frame = "{\"event\":\"" + event + "\",\"data\":" + data + ",\"id\":\"req-1\"}";
        for (int i = 0; i < MUTATIONS_PER_EVENT; i++) {
            String mutated = i % 2 == 0 ? textMutation(frame, random) : treeMutation(frame, random);
            String label = "seed " + seed + " mutation #" + i + ": " + abbreviate(mutated);
            check(direction, () -> VALIDATOR.validate(direction, mutated), label);
            check(direction, () -> VALIDATOR.validate(direction, mutated.getBytes(StandardCharsets.UTF_8)), label);
        }
    }

    private static void check(Direction direction, java.util.function.Supplier<ValidationResult> call, String label) {
        ValidationResult result;
        try {
            result = call.get();
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("the validator threw " + e + " for " + direction + " " + label, e);
        }
        assertThat(result).as(label).isNotNull();
        if (result instanceof ValidationResult.Invalid invalid) {
            assertThat(invalid.error().code()).as(label).isNotNull();
            assertThat(invalid.error().message()).as(label).isNotBlank();
        } else {
            assertThat(((ValidationResult.Valid) result).message()).as(label).isNotNull();
        }
    }

    static String textMutation(String frame, Random random) {
        StringBuilder s = new StringBuilder(frame);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> s.setLength(at);
                case 3 -> s.insert(at, s.substring(at, Math.min(s.length(), at + 1 + random.nextInt(20))));
                default -> s.setCharAt(at, (char) random.nextInt(0x3000));
            }
        }
        return s.toString();
    }

    static String treeMutation(String frame, Random random) throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(frame);
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> fields = new ArrayList<>();
        target.fieldNames().forEachRemaining(fields::add);
        switch (random.nextInt(5)) {
            case 0 -> {
                if (!fields.isEmpty()) {
                    target.remove(fields.get(random.nextInt(fields.size())));
                }
            }
            case 1 -> target.set("unexpected" + random.nextInt(3), randomValue(random, 0));
            case 2 -> root.put("event", random.nextBoolean() ? "no_such_event" : eventOf(random));
            default -> {
                if (!fields.isEmpty()) {
                    target.set(fields.get(random.nextInt(fields.size())), randomValue(random, 0));
                }
            }
        }
        return MAPPER.writeValueAsString(root);
    }

    private static String eventOf(Random random) {
        List<String> names = new ArrayList<>();
        for (Direction d : Direction.values()) {
            names.addAll(EventCatalog.eventNames(d));
        }
        return names.get(random.nextInt(names.size()));
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
            collectObjects(it.next(), into);
        }
    }

    static JsonNode randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 3 ? 8 : 11)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
            case 4 -> NODES.numberNode(new java.math.BigInteger(400, random));
            case 5 -> NODES.textNode("x".repeat(random.nextInt(3) == 0 ? 70_000 : random.nextInt(300)));
            case 6 -> NODES.textNode("2025-13-45T99:99:99Z");
            case 7 -> NODES.textNode("<script>alert(1)</script>");
            case 8 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = 0; i < random.nextInt(4); i++) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            case 9 -> {
                JsonNode nested = NODES.numberNode(1);
                for (int i = 0; i < 300; i++) {
                    nested = NODES.arrayNode().add(nested);
                }
                yield nested;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = 0; i < random.nextInt(4); i++) {
                    object.set("k" + i, randomValue(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + s.length() + " chars)";
    }
}
