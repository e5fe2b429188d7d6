package io.doorlock.base.json;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.CommandCancelRequested;
import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.bus.SocketReplaced;
import io.doorlock.common.bus.TokenRevoked;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.command.CaptureMode;
import io.doorlock.common.command.CommandAuthorization;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.command.DeviceCommand;
import io.doorlock.common.command.DeviceCommandHeader;
import io.doorlock.common.command.DeviceSettings;
import io.doorlock.common.command.FirmwareUpdate;
import io.doorlock.common.command.LockDoor;
import io.doorlock.common.command.RequestSnapshot;
import io.doorlock.common.command.RestartDevice;
import io.doorlock.common.command.SignedCommand;
import io.doorlock.common.command.SnapshotQuality;
import io.doorlock.common.command.UnlockDoor;
import io.doorlock.common.command.UpdateSettings;
import io.doorlock.common.dashboard.AlertLevel;
import io.doorlock.common.dashboard.CancelCommand;
import io.doorlock.common.dashboard.CommandStatus;
import io.doorlock.common.dashboard.DashboardAuthenticate;
import io.doorlock.common.dashboard.DashboardAuthenticated;
import io.doorlock.common.dashboard.DeviceConnected;
import io.doorlock.common.dashboard.DeviceDisconnected;
import io.doorlock.common.dashboard.DeviceStatus;
import io.doorlock.common.dashboard.NewVisitor;
import io.doorlock.common.dashboard.PresenceStatus;
import io.doorlock.common.dashboard.RequestDeviceStatus;
import io.doorlock.common.dashboard.SendCommand;
import io.doorlock.common.dashboard.SubscribeDevice;
import io.doorlock.common.dashboard.Subscribed;
import io.doorlock.common.dashboard.SystemAlert;
import io.doorlock.common.dashboard.UnsubscribeDevice;
import io.doorlock.common.dashboard.VisitorDecision;
import io.doorlock.common.dashboard.VisitorProcessed;
import io.doorlock.common.device.AckStatus;
import io.doorlock.common.device.CommandAck;
import io.doorlock.common.device.DeviceAuthenticate;
import io.doorlock.common.device.DeviceAuthenticated;
import io.doorlock.common.device.DeviceHeartbeat;
import io.doorlock.common.device.DeviceLinkStatus;
import io.doorlock.common.device.DeviceRegister;
import io.doorlock.common.device.DeviceType;
import io.doorlock.common.device.DoorState;
import io.doorlock.common.device.DoorStatusChanged;
import io.doorlock.common.device.ErrorOccurred;
import io.doorlock.common.device.LowBattery;
import io.doorlock.common.device.MotionDetected;
import io.doorlock.common.device.SnapshotReady;
import io.doorlock.common.envelope.Envelope;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.envelope.ErrorData;
import io.doorlock.common.envelope.ErrorDetail;
import io.doorlock.common.validation.Direction;

/**
 * Registers every message record and enum of {@code common} for reflection, so that Jackson can read and write them
 * in a native image (the services decode bus messages and frames with {@code JsonCodec}, which Quarkus cannot see
 * through). {@code MessageReflectionTest} fails when a record or enum of {@code common} is missing here.
 */
@RegisterForReflection(targets = {
        BusEnvelope.class,
        CommandCancelRequested.class,
        CommandDelivery.class,
        CommandDispatch.class,
        CommandRequested.class,
        CommandStatusChanged.class,
        ConnectionMetadata.class,
        DeviceCredentialRecord.class,
        DeviceEventReceived.class,
        SocketReplaced.class,
        TokenRevoked.class,
        Transport.class,
        CaptureMode.class,
        CommandState.class,
        CommandType.class,
        DeviceCommand.class,
        CommandAuthorization.class,
        SignedCommand.class,
        DeviceCommandHeader.class,
        DeviceSettings.class,
        FirmwareUpdate.class,
        LockDoor.class,
        RequestSnapshot.class,
        RestartDevice.class,
        SnapshotQuality.class,
        UnlockDoor.class,
        UpdateSettings.class,
        AlertLevel.class,
        CancelCommand.class,
        CommandStatus.class,
        DashboardAuthenticate.class,
        DashboardAuthenticated.class,
        DeviceConnected.class,
        DeviceDisconnected.class,
        DeviceStatus.class,
        NewVisitor.class,
        PresenceStatus.class,
        RequestDeviceStatus.class,
        SendCommand.class,
        SubscribeDevice.class,
        Subscribed.class,
        SystemAlert.class,
        UnsubscribeDevice.class,
        VisitorDecision.class,
        VisitorProcessed.class,
        AckStatus.class,
        CommandAck.class,
        DeviceAuthenticate.class,
        DeviceAuthenticated.class,
        DeviceHeartbeat.class,
        DeviceLinkStatus.class,
        DeviceRegister.class,
        DeviceType.class,
        DoorState.class,
        DoorStatusChanged.class,
        ErrorOccurred.class,
        LowBattery.class,
        MotionDetected.class,
        SnapshotReady.class,
        Envelope.class,
        ErrorCode.class,
        ErrorData.class,
        ErrorDetail.class,
        Direction.class
})
public final class MessageReflection {

    private MessageReflection() {}
}
