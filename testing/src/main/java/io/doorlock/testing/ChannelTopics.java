package io.doorlock.testing;

import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.topic.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Checks a service's messaging configuration against {@link Topics}, which is meant to hold every topic: each
 * {@code mp.messaging.*.topic} must be a topic or filter that {@code Topics} defines, optionally as a shared
 * subscription ({@code $share/<group>/...}); a gateway's own inbox may name its id as a {@code ${...}} expression.
 */
public final class ChannelTopics {

    private static final String SHARED = "$share/";
    private static final String GATEWAY_ID = "${doorlock.device-gateway.gateway-id}";

    private ChannelTopics() {}

    /** Every configured channel topic of {@code applicationProperties}, as {@code key=topic}. */
    public static List<String> configured(Path applicationProperties) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(applicationProperties)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> topics = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("mp.messaging.") && key.endsWith(".topic")) {
                topics.add(key + "=" + properties.getProperty(key).trim());
            }
        }
        return topics;
    }

    /** The configured channel topics of {@code applicationProperties} that {@link Topics} does not define. */
    public static List<String> undefined(Path applicationProperties) {
        Set<String> defined = defined();
        return configured(applicationProperties).stream()
                .filter(line -> !defined.contains(unshared(line.substring(line.indexOf('=') + 1))))
                .toList();
    }

    private static String unshared(String topic) {
        if (!topic.startsWith(SHARED)) {
            return topic;
        }
        int group = topic.indexOf('/', SHARED.length());
        return group < 0 ? topic : topic.substring(group + 1);
    }

    /** Every topic and filter {@link Topics} names: its constants, the device filters, bus device events, gateway inboxes and routed dispatches. */
    private static Set<String> defined() {
        Set<String> topics = new HashSet<>(constants(Topics.class));
        for (String suffix : List.of(Topics.EVENTS, Topics.COMMANDS, Topics.ACKS, Topics.STATUS, Topics.ERRORS)) {
            topics.add(Topics.allDevices(suffix));
        }
        for (String event : constants(EventNames.class)) {
            topics.add(Topics.busDeviceEvent(event));
        }
        String gateway = "gateway-id-placeholder";
        topics.add(Topics.routedDispatch(gateway).replace(gateway, GATEWAY_ID));
        topics.add(Topics.gatewayInbox(gateway).replace(gateway, GATEWAY_ID));
        topics.add(Topics.gatewayControl(gateway).replace(gateway, GATEWAY_ID));
        return topics;
    }

    private static Set<String> constants(Class<?> holder) {
        Set<String> values = new HashSet<>();
        for (Field field : holder.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }
}
