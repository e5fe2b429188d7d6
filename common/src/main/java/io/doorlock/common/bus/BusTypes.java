package io.doorlock.common.bus;

import io.doorlock.common.dashboard.NewVisitor;
import io.doorlock.common.dashboard.SystemAlert;
import io.doorlock.common.dashboard.VisitorProcessed;

/** Values of {@link BusEnvelope#type()}. */
public final class BusTypes {
    /** {@link CommandRequested}. */
    public static final String COMMAND_REQUESTED = "command.requested";
    /** {@link CommandDispatch}. */
    public static final String COMMAND_DISPATCH = "command.dispatch";
    /** {@link CommandDelivery}. */
    public static final String COMMAND_DELIVERY = "command.delivery";
    /** {@link CommandCancelRequested}. */
    public static final String COMMAND_CANCEL = "command.cancel";
    /** {@link CommandStatusChanged}. */
    public static final String COMMAND_STATUS = "command.status";
    /** {@link SocketReplaced}. */
    public static final String SOCKET_REPLACED = "gateway.socket_replaced";
    /** {@link NewVisitor}: a doorbell photo arrived. */
    public static final String VISITOR_NEW = "visitor.new";
    /** {@link VisitorProcessed}: a visitor was let in, denied or expired. */
    public static final String VISITOR_PROCESSED = "visitor.processed";
    /** {@link SystemAlert}: an operator notification. */
    public static final String SYSTEM_ALERT = "system.alert";
    /** {@link TokenRevoked}. */
    public static final String TOKEN_REVOKED = "auth.token_revoked";
    /** {@link DeviceEventReceived}. */
    public static final String DEVICE_EVENT = "device.event";

    private BusTypes() {}
}
