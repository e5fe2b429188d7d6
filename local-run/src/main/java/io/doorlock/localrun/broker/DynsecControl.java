package io.doorlock.localrun.broker;

import io.moquette.broker.Server;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The dynamic-security control API inside Moquette: a command batch published on {@code $CONTROL/dynamic-security/v1}
 * (which only a role with that {@code publishClientSend} ACL, the admin's, gets through the authorizator) is applied,
 * the sessions it invalidates are ended, and the answer is published on {@code .../response} (which only the admin
 * may subscribe to). Moquette calls this on one interceptor thread, so batches apply in the order they arrived.
 * Also ends a session reported connected whose login went stale while Moquette set it up, and tells the gate that
 * Moquette is ready for the session's packets.
 */
final class DynsecControl extends AbstractInterceptHandler {

    static final String CONTROL = "$CONTROL/dynamic-security/v1";
    static final String RESPONSE = CONTROL + "/response";
    private static final Logger LOG = System.getLogger(DynsecControl.class.getName());

    private final Server server;
    private final DynsecStore store;
    private final LiveLogins logins;
    private final SessionKicker kicker;
    private final SessionReadiness readiness;
    private final DynsecCommands commands;

    DynsecControl(Server server, DynsecStore store, LiveLogins logins, SessionKicker kicker, SessionReadiness readiness) {
        this.server = server;
        this.store = store;
        this.logins = logins;
        this.kicker = kicker;
        this.readiness = readiness;
        this.commands = new DynsecCommands(store);
    }

    @Override
    public String getID() {
        return "doorlock-dynamic-security";
    }

    @Override
    public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptConnectMessage.class, InterceptPublishMessage.class};
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        kicker.endUnlessCurrent(msg.getClientID(), msg.getUsername(), store.rules());
        readiness.connected(msg.getClientID());
    }

    @Override
    public void onPublish(InterceptPublishMessage msg) {
        if (!CONTROL.equals(msg.getTopicName())) {
            return;
        }
        SecurityRules rules = store.rules();
        if (!logins.isCurrent(msg.getClientID(), msg.getUsername(), rules) || !rules.mayPublish(msg.getUsername(), CONTROL)) {
            return;
        }
        DynsecCommands.Outcome outcome = commands.execute(ByteBufUtil.getBytes(msg.getPayload()));
        kicker.endSessionsOf(outcome.sessionsToEnd());
        server.internalPublish(MqttMessageBuilders.publish().topicName(RESPONSE).qos(MqttQoS.AT_LEAST_ONCE).retained(false)
                .payload(Unpooled.wrappedBuffer(outcome.response())).build(), getID());
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        LOG.log(Level.WARNING, "embedded broker session loop error", error);
    }
}
