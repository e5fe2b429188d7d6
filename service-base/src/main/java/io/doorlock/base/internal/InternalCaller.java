package io.doorlock.base.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the {@code X-Doorlock-Internal-Token} of a call to an {@code /internal} route, in constant time. */
@ApplicationScoped
public class InternalCaller {

    /** The header that carries the shared token. */
    public static final String HEADER = "X-Doorlock-Internal-Token";

    private final InternalApiConfig config;

    public InternalCaller(InternalApiConfig config) {
        this.config = config;
    }

    /** Throws 403 unless {@code presented} is the configured token. */
    public void require(String presented) {
        String expected = config.token().orElse("");
        if (expected.isEmpty() || presented == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new WebApplicationException(Response.status(403).type(MediaType.APPLICATION_JSON)
                    .entity("{\"success\":false,\"message\":\"internal route: missing or wrong internal token\"}").build());
        }
    }
}
