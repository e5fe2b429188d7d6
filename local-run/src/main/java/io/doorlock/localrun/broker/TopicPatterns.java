package io.doorlock.localrun.broker;

/**
 * MQTT wildcard matching as Mosquitto's dynamic-security plugin does it: {@link #matches} for publish and receive ACLs
 * (a pattern against a concrete topic), {@link #covers} for subscribe ACLs (a pattern against a subscription filter,
 * which it must contain entirely: {@code a/+/events} covers {@code a/+/events} and {@code a/x/events}, not {@code a/#}).
 */
final class TopicPatterns {

    private TopicPatterns() {}

    /** Whether {@code pattern} matches {@code topic}; a wildcard never matches a topic starting with {@code $} (MQTT 4.7.2). */
    static boolean matches(String pattern, String topic) {
        if (pattern.startsWith("$") != topic.startsWith("$")) {
            return false;
        }
        String[] p = pattern.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals("#")) {
                return i == p.length - 1;
            }
            if (i >= t.length || !(p[i].equals("+") || p[i].equals(t[i]))) {
                return false;
            }
        }
        return p.length == t.length;
    }

    /** Whether every topic {@code filter} can match is matched by {@code pattern} (the plugin's {@code sub_acl_check}). */
    static boolean covers(String pattern, String filter) {
        if (pattern.equals("#")) {
            return true;
        }
        boolean patternHash = endsWithHash(pattern);
        boolean filterHash = endsWithHash(filter);
        if (filterHash && !patternHash) {
            return false;
        }
        String[] p = withoutHash(pattern, patternHash).split("/", -1);
        String[] f = withoutHash(filter, filterHash).split("/", -1);
        if (p.length > f.length || (f.length > p.length && !patternHash)) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            boolean levelCovered = i < p.length ? p[i].equals("+") || p[i].equals(f[i]) : patternHash;
            if (!levelCovered) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithHash(String s) {
        return s.equals("#") || (s.length() > 1 && s.endsWith("/#"));
    }

    private static String withoutHash(String s, boolean hash) {
        if (!hash) {
            return s;
        }
        return s.equals("#") ? "" : s.substring(0, s.length() - 2);
    }
}
