package io.doorlock.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the wire server the tests (and, with the H2 backend, the local run) use lets in: it listens on 127.0.0.1 only,
 * and it has no authentication at all (mongo-java-server 1.47), so the loopback binding is its only protection.
 */
class MongoWireServerTest {

    static MongoWireServer wire;

    @BeforeAll
    static void start() {
        wire = MongoWireServer.start();
    }

    @AfterAll
    static void stop() {
        wire.close();
    }

    @Test
    void itAnswersOnLoopback() {
        try (MongoClient client = MongoClients.create(wire.connectionString())) {
            assertThat(client.getDatabase("doorlock_devices").runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
        }
    }

    @Test
    void itRefusesConnectionsOnEveryOtherAddressOfThisMachine() throws SocketException {
        List<InetAddress> others = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
        assumeThat(others).as("this machine has an address other than loopback").isNotEmpty();
        for (InetAddress address : others) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, wire.port()), 2000);
                }
            }).as("a connection to %s", address).isInstanceOf(IOException.class);
        }
    }

    @Test
    void itHasNoUsersAndNoAuthentication() {
        try (MongoClient client = MongoClients.create(wire.connectionString())) {
            assertThatThrownBy(() -> client.getDatabase("doorlock_devices")
                    .runCommand(new Document("createUser", "device-gateway").append("pwd", "x").append("roles", List.of())))
                    .isInstanceOf(MongoCommandException.class).hasMessageContaining("no such command");
        }
        try (MongoClient client = MongoClients.create("mongodb://device-gateway:x@127.0.0.1:" + wire.port()
                + "/doorlock_devices?authSource=doorlock_devices&serverSelectionTimeoutMS=3000")) {
            assertThatThrownBy(() -> client.getDatabase("doorlock_devices").runCommand(new Document("ping", 1)))
                    .isInstanceOf(MongoSecurityException.class);
        }
    }
}
