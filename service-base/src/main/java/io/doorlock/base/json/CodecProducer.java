package io.doorlock.base.json;

import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.validation.MessageValidator;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;

/** One {@link JsonCodec} and one {@link MessageValidator} per service. */
@Singleton
public class CodecProducer {

    /** Limits that apply to every frame a service validates. */
    @ConfigMapping(prefix = "doorlock.messages")
    public interface MessageLimits {
        /** Largest accepted frame or MQTT payload, in bytes. Larger ones get {@code PAYLOAD_TOO_LARGE}. */
        @WithDefault("65536")
        int maxPayloadBytes();
    }

    @Produces
    @Singleton
    JsonCodec codec() {
        return new JsonCodec();
    }

    @Produces
    @Singleton
    MessageValidator validator(Validator validator, JsonCodec codec, MessageLimits limits) {
        return new MessageValidator(validator, codec, limits.maxPayloadBytes());
    }
}
