package io.doorlock.dashboardgateway.command;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.doorlock.dashboardgateway.FirmwareConfig;

/**
 * Checks a {@code firmware_update} URL against the allowed firmware hosts ({@link FirmwareConfig}). The payload has
 * passed the contract already ({@code https}, a {@code sha256}); this is the platform's policy on top of it.
 */
@ApplicationScoped
public class FirmwareSources {

    private final List<String> allowed;

    public FirmwareSources(FirmwareConfig config) {
        this.allowed = config.allowedHosts().orElse(List.of()).stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .toList();
    }

    /** Empty when a device may fetch its firmware from {@code url}; otherwise why not, for the caller. */
    public Optional<String> refusal(String url) {
        if (allowed.isEmpty()) {
            return Optional.of("firmware updates are off: no firmware host is allowed on this server (an operator sets "
                    + "doorlock.dashboard-gateway.firmware.allowed-hosts)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password");
        }
        if (uri.getHost() == null) {
            return Optional.of("has no host name");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return allowed.stream().anyMatch(pattern -> matches(pattern, host))
                ? Optional.empty()
                : Optional.of("host " + host + " is not an allowed firmware host");
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1));
        }
        return host.equals(pattern);
    }
}
