package io.doorlock.localrun.broker;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

/**
 * Moquette's ACL check, with the plugin's rules: a publish needs a {@code publishClientSend} ACL, a subscription a
 * {@code subscribeLiteral} or {@code subscribePattern} ACL that covers the whole filter (and, for {@code $CONTROL}
 * topics, a {@code publishClientReceive} ACL). A session whose account changed since it logged in gets nothing.
 */
final class DynsecAuthorizator implements IAuthorizatorPolicy {

    private final DynsecStore store;
    private final LiveLogins logins;

    DynsecAuthorizator(DynsecStore store, LiveLogins logins) {
        this.store = store;
        this.logins = logins;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        SecurityRules rules = store.rules();
        return logins.isCurrent(client, user, rules) && rules.mayPublish(user, topic.toString());
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        SecurityRules rules = store.rules();
        String filter = topic.toString();
        return logins.isCurrent(client, user, rules) && rules.maySubscribe(user, filter)
                && (!filter.startsWith(SecurityRules.CONTROL_PREFIX) || rules.mayReceive(user, filter));
    }
}
