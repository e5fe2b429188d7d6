package io.doorlock.common.bus;

/**
 * device-gateway replica → the replica that held a device's socket: the device connected again on another replica,
 * so close the old socket ({@code connectionId}) with 4409. A socket that silently went half-open would otherwise
 * linger there and receive commands.
 */
public record SocketReplaced(String deviceId, String connectionId, String newGatewayId) {}
