package io.doorlock.localrun.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ACL matching of Mosquitto's dynamic-security plugin, case by case. */
class TopicPatternsTest {

    @ParameterizedTest(name = "pattern {0} covers filter {1}: {2}")
    @CsvSource({
            "a/+/events, a/+/events, true",
            "a/+/events, a/x/events, true",
            "a/+/events, a/#, false",
            "a/+/events, a/x/y/events, false",
            "a/+/events, +/x/events, false",
            "doorlock/#, doorlock/v1/bus/#, true",
            "doorlock/v1/bus/#, doorlock/#, false",
            "doorlock/v1/bus/#, doorlock/v1/bus, true",
            "#, $SYS/#, true",
            "+, #, false",
            "+, +, true",
            "#, +, true",
            "/#, +, false",
            "/#, /+, true",
            "foo/+/bar, foo/#, false",
            "foo/+/bar/#, foo/baz/bar, true",
            "foo/+/bar/#, foo/baz/bar/+, true",
            "foo/+/bar/#, foo/baz/+/#, false",
            "+/+, topic/topic, true",
            "+/+, topic/topic/, false",
            "$share/g/doorlock/v1/bus/#, $share/g/doorlock/v1/bus/#, true",
            "$share/g/doorlock/v1/bus/#, doorlock/v1/bus/#, false",
    })
    void coversAFilterOnlyWhenItContainsItEntirely(String pattern, String filter, boolean covered) {
        assertThat(TopicPatterns.covers(pattern, filter)).isEqualTo(covered);
    }

    @ParameterizedTest(name = "pattern {0} matches topic {1}: {2}")
    @CsvSource({
            "doorlock/v1/devices/+/events, doorlock/v1/devices/lock-1/events, true",
            "doorlock/v1/devices/+/events, doorlock/v1/devices/lock-1/acks, false",
            "doorlock/v1/devices/+/events, doorlock/v1/devices/a/b/events, false",
            "doorlock/#, doorlock, true",
            "doorlock/#, doorlock/v1/bus/replay, true",
            "#, $CONTROL/dynamic-security/v1, false",
            "+/dynamic-security/v1, $CONTROL/dynamic-security/v1, false",
            "$CONTROL/dynamic-security/#, $CONTROL/dynamic-security/v1, true",
            "a/b, a/b/c, false",
            "a/b/c, a/b, false",
    })
    void matchesATopicAsMqttDoes(String pattern, String topic, boolean matched) {
        assertThat(TopicPatterns.matches(pattern, topic)).isEqualTo(matched);
    }
}
