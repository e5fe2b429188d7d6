package io.doorlock.base.bus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * The keys that sign and check bus messages ({@link BusKeyring}). Every service signs what it publishes with its own
 * key and checks every message it reads against the keys of the other producers.
 */
@ConfigMapping(prefix = "doorlock.bus.signing")
public interface BusSigningConfig {

    /**
     * The key this service signs with: {@code <service>.<version>}, an entry of {@link #keysFile()}. Rotate by adding
     * a new version to every service's file, switching this id, then removing the old version.
     */
    @WithDefault("${quarkus.application.name}.1")
    String keyId();

    /**
     * A properties file readable only by the service (a mounted Secret): one line {@code <keyId>=<base64 key>} per
     * key, at least 32 bytes each. It holds this service's key and the keys of every producer it accepts messages
     * from. No default: a service without bus keys does not start.
     */
    Path keysFile();
}
