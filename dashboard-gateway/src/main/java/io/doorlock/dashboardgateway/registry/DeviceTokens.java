package io.doorlock.dashboardgateway.registry;

import java.security.SecureRandom;
import java.util.HexFormat;
import io.doorlock.common.device.DeviceTokenHash;

/** Device tokens: 256 random bits, hex. Only their {@link DeviceTokenHash} is stored. */
public final class DeviceTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceTokens() {}

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

}
