package io.doorlock.devicegateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.devicegateway.presence.PresenceChange.MqttDown;
import io.doorlock.devicegateway.presence.PresenceChange.MqttUp;
import io.doorlock.devicegateway.presence.PresenceChange.Silent;
import io.doorlock.devicegateway.presence.PresenceChange.SocketDown;
import io.doorlock.devicegateway.presence.PresenceChange.SocketUp;
import io.doorlock.devicegateway.presence.PresenceRules.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PresenceRulesTest {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    static Outcome apply(Presence before, PresenceChange change) {
        return PresenceRules.apply(before, change);
    }

    static Presence socketOnly() {
        return apply(Presence.unknown("door-1"), new SocketUp("gw-a", "c1", T0)).after();
    }

    @Test
    void aFirstSocketBringsTheDeviceOnline() {
        Outcome outcome = apply(Presence.unknown("door-1"), new SocketUp("gw-a", "c1", T0));
        assertThat(outcome.transition()).isEqualTo(PresenceTransition.CAME_ONLINE);
        assertThat(outcome.after().online()).isTrue();
        assertThat(outcome.after().connectedAt()).contains(T0);
        assertThat(outcome.after().lastSeen()).contains(T0);
        assertThat(outcome.after().revision()).isEqualTo(1);
    }

    @Test
    void aReplacingSocketIsAReconnectionSoWaitingCommandsGoToTheNewOne() {
        Outcome outcome = apply(socketOnly(), new SocketUp("gw-b", "c2", T0.plusSeconds(5)));
        assertThat(outcome.transition()).isEqualTo(PresenceTransition.RECONNECTED);
        assertThat(outcome.write()).isTrue();
        assertThat(outcome.after().socket().orElseThrow().gatewayId()).isEqualTo("gw-b");
        assertThat(outcome.after().connectedAt()).as("still the first connection time").contains(T0);
    }

    @Test
    void theCloseOfAReplacedSocketChangesNothing() {
        Presence replaced = apply(socketOnly(), new SocketUp("gw-b", "c2", T0.plusSeconds(5))).after();
        Outcome outcome = apply(replaced, new SocketDown("c1", "client_disconnect", T0.plusSeconds(6)));
        assertThat(outcome.transition()).isEqualTo(PresenceTransition.NONE);
        assertThat(outcome.write()).isFalse();
        assertThat(outcome.after().online()).isTrue();
    }

    @Test
    void closingTheOnlySocketTakesTheDeviceOfflineWithTheReason() {
        Outcome outcome = apply(socketOnly(), new SocketDown("c1", "client_disconnect", T0.plusSeconds(9)));
        assertThat(outcome.transition()).isEqualTo(PresenceTransition.WENT_OFFLINE);
        assertThat(outcome.after().offlineReason()).contains("client_disconnect");
    }

    @Test
    void aDualConnectedDeviceThatDropsOneLinkStaysOnline() {
        Outcome both = apply(socketOnly(), new MqttUp(Optional.of("s1"), T0.plusSeconds(1)));
        assertThat(both.transition()).isEqualTo(PresenceTransition.LINKS_CHANGED);
        Outcome socketGone = apply(both.after(), new SocketDown("c1", "connection_lost", T0.plusSeconds(2)));
        assertThat(socketGone.transition()).isEqualTo(PresenceTransition.LINKS_CHANGED);
        assertThat(socketGone.after().online()).isTrue();
        assertThat(socketGone.after().mqtt()).isPresent();
        Outcome mqttGone = apply(socketGone.after(), new MqttDown(Optional.of("s1"), "mqtt_offline", T0.plusSeconds(3)));
        assertThat(mqttGone.transition()).isEqualTo(PresenceTransition.WENT_OFFLINE);
    }

    @Test
    void theWillOfAnOldMqttSessionDoesNotTakeDownItsSuccessor() {
        Presence s1 = apply(Presence.unknown("door-1"), new MqttUp(Optional.of("s1"), T0)).after();
        Outcome replaced = apply(s1, new MqttUp(Optional.of("s2"), T0.plusSeconds(1)));
        assertThat(replaced.transition()).as("a new MQTT session is a reconnection").isEqualTo(PresenceTransition.RECONNECTED);
        Presence s2 = replaced.after();
        Outcome lateWill = apply(s2, new MqttDown(Optional.of("s1"), "mqtt_offline", T0.plusSeconds(2)));
        assertThat(lateWill.transition()).isEqualTo(PresenceTransition.NONE);
        assertThat(lateWill.after().online()).isTrue();
    }

    @Test
    void aWillWithoutSessionOrALinkWithoutSessionAlwaysMatches() {
        Presence named = apply(Presence.unknown("door-1"), new MqttUp(Optional.of("s1"), T0)).after();
        assertThat(apply(named, new MqttDown(Optional.empty(), "mqtt_offline", T0)).transition()).isEqualTo(PresenceTransition.WENT_OFFLINE);
        Presence anonymous = apply(Presence.unknown("door-1"), new MqttUp(Optional.empty(), T0)).after();
        assertThat(apply(anonymous, new MqttDown(Optional.of("s9"), "mqtt_offline", T0)).transition()).isEqualTo(PresenceTransition.WENT_OFFLINE);
    }

    @Test
    void aRepeatedOnlineIsNothing() {
        Presence s1 = apply(Presence.unknown("door-1"), new MqttUp(Optional.of("s1"), T0)).after();
        Outcome again = apply(s1, new MqttUp(Optional.of("s1"), T0.plusSeconds(1)));
        assertThat(again.write()).isFalse();
    }

    @Test
    void silenceBeyondTheTimeoutDropsEveryLink() {
        Presence both = apply(socketOnly(), new MqttUp(Optional.empty(), T0)).after();
        Outcome tooEarly = apply(both, new Silent(Duration.ofSeconds(90), T0.plusSeconds(60)));
        assertThat(tooEarly.write()).isFalse();
        Outcome timedOut = apply(both, new Silent(Duration.ofSeconds(90), T0.plusSeconds(91)));
        assertThat(timedOut.transition()).isEqualTo(PresenceTransition.WENT_OFFLINE);
        assertThat(timedOut.after().socket()).isEmpty();
        assertThat(timedOut.after().mqtt()).isEmpty();
        assertThat(timedOut.after().offlineReason()).contains(PresenceRules.HEARTBEAT_TIMEOUT);
    }

    @Test
    void anOfflineDeviceCannotTimeOutAgain() {
        Presence offline = apply(socketOnly(), new SocketDown("c1", "client_disconnect", T0)).after();
        assertThat(apply(offline, new Silent(Duration.ofSeconds(90), T0.plusSeconds(500))).write()).isFalse();
    }
}
