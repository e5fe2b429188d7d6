package io.doorlock.base.json;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers every message record and enum of {@code common} for reflection, so that Jackson can read and write them
 * in a native image (the services decode bus messages and frames with {@code JsonCodec}, which Quarkus cannot see
 * through). {@code MessageReflectionTest} fails when a record or enum of {@code common} is missing here.
 */
@RegisterForReflection(targets = {
        io.doorlock.common.bus.BusEnvelope.class,
        io.doorlock.common.bus.CommandCancelRequested.class,
        io.doorlock.common.bus.CommandDelivery.class,
        io.doorlock.common.bus.CommandDispatch.class,
        io.doorlock.common.bus.CommandRequested.class,
        io.doorlock.common.bus.CommandStatusChanged.class,
        io.doorlock.common.bus.ConnectionMetadata.class,
        io.doorlock.common.bus.DeviceCredentialRecord.class,
        io.doorlock.common.bus.DeviceEventReceived.class,
        io.doorlock.common.bus.SocketReplaced.class,
        io.doorlock.common.bus.TokenRevoked.class,
        io.doorlock.common.bus.Transport.class,
        io.doorlock.common.command.CaptureMode.class,
        io.doorlock.common.command.CommandState.class,
        io.doorlock.common.command.CommandType.class,
        io.doorlock.common.command.DeviceCommand.class,
        io.doorlock.common.command.CommandAuthorization.class,
        io.doorlock.common.command.SignedCommand.class,
        io.doorlock.common.command.DeviceCommandHeader.class,
        io.doorlock.common.command.DeviceSettings.class,
        io.doorlock.common.command.FirmwareUpdate.class,
        io.doorlock.common.command.LockDoor.class,
        io.doorlock.common.command.RequestSnapshot.class,
        io.doorlock.common.command.RestartDevice.class,
        io.doorlock.common.command.SnapshotQuality.class,
        io.doorlock.common.command.UnlockDoor.class,
        io.doorlock.common.command.UpdateSettings.class,
        io.doorlock.common.dashboard.AlertLevel.class,
        io.doorlock.common.dashboard.CancelCommand.class,
        io.doorlock.common.dashboard.CommandStatus.class,
        io.doorlock.common.dashboard.DashboardAuthenticate.class,
        io.doorlock.common.dashboard.DashboardAuthenticated.class,
        io.doorlock.common.dashboard.DeviceConnected.class,
        io.doorlock.common.dashboard.DeviceDisconnected.class,
        io.doorlock.common.dashboard.DeviceStatus.class,
        io.doorlock.common.dashboard.NewVisitor.class,
        io.doorlock.common.dashboard.PresenceStatus.class,
        io.doorlock.common.dashboard.RequestDeviceStatus.class,
        io.doorlock.common.dashboard.SendCommand.class,
        io.doorlock.common.dashboard.SubscribeDevice.class,
        io.doorlock.common.dashboard.Subscribed.class,
        io.doorlock.common.dashboard.SystemAlert.class,
        io.doorlock.common.dashboard.UnsubscribeDevice.class,
        io.doorlock.common.dashboard.VisitorDecision.class,
        io.doorlock.common.dashboard.VisitorProcessed.class,
        io.doorlock.common.device.AckStatus.class,
        io.doorlock.common.device.CommandAck.class,
        io.doorlock.common.device.DeviceAuthenticate.class,
        io.doorlock.common.device.DeviceAuthenticated.class,
        io.doorlock.common.device.DeviceHeartbeat.class,
        io.doorlock.common.device.DeviceLinkStatus.class,
        io.doorlock.common.device.DeviceRegister.class,
        io.doorlock.common.device.DeviceType.class,
        io.doorlock.common.device.DoorState.class,
        io.doorlock.common.device.DoorStatusChanged.class,
        io.doorlock.common.device.ErrorOccurred.class,
        io.doorlock.common.device.LowBattery.class,
        io.doorlock.common.device.MotionDetected.class,
        io.doorlock.common.device.SnapshotReady.class,
        io.doorlock.common.envelope.Envelope.class,
        io.doorlock.common.envelope.ErrorCode.class,
        io.doorlock.common.envelope.ErrorData.class,
        io.doorlock.common.envelope.ErrorDetail.class,
        io.doorlock.common.validation.Direction.class
})
public final class MessageReflection {

    private MessageReflection() {}
}
