package io.doorlock.dashboardgateway.commandkey;

import io.doorlock.dashboardgateway.api.ApiResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code GET /api/platform/command-key}: the public key devices check command signatures with. Public on purpose:
 * it is no secret, and a device asks for it before it has anything else.
 */
@Path("/api/platform/command-key")
public class CommandKeyResource {

    private final PlatformCommandKey key;

    public CommandKeyResource(PlatformCommandKey key) {
        this.key = key;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return key.get().map(k -> Response.ok(ApiResponse.ok("platform command key", k)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(ApiResponse.fail("no command key is configured (doorlock.commands.signing.public-key-location)", List.of()))
                        .build());
    }
}
