package io.doorlock.localrun.broker;

import java.util.Set;

/** One ACL of a role, as the plugin keeps it: type, topic pattern, allow or deny, priority (higher is checked first). */
record AclRule(String type, String topic, boolean allow, int priority) {

    static final String PUBLISH_SEND = "publishClientSend";
    static final String PUBLISH_RECEIVE = "publishClientReceive";
    static final String SUBSCRIBE_LITERAL = "subscribeLiteral";
    static final String SUBSCRIBE_PATTERN = "subscribePattern";
    /** The types the embedded broker enforces; Moquette never asks about unsubscribing. */
    static final Set<String> SUPPORTED = Set.of(PUBLISH_SEND, PUBLISH_RECEIVE, SUBSCRIBE_LITERAL, SUBSCRIBE_PATTERN);
    /** Types the plugin knows that the embedded broker cannot enforce. */
    static final Set<String> UNSUPPORTED = Set.of("unsubscribeLiteral", "unsubscribePattern");
}
