package io.doorlock.dashboardgateway.commandkey;

import io.doorlock.base.crypto.Pem;
import io.doorlock.common.command.CommandAuthorization;
import io.doorlock.common.command.CommandKeys;
import io.doorlock.dashboardgateway.CommandKeyConfig;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/platform/command-key}: the public key devices check command signatures with. Public on purpose:
 * it is no secret, and a device asks for it before it has anything else.
 */
@Path("/api/platform/command-key")
public class CommandKeyResource {

    /** The key as devices take it: algorithm, key id and the 32 raw bytes in base64. */
    @RegisterForReflection
    public record CommandKey(String alg, String kid, String publicKey) {}

    private final Optional<CommandKey> key;

    public CommandKeyResource(CommandKeyConfig config) {
        this.key = config.publicKeyLocation().map(Pem::ed25519PublicKey).map(CommandKeys::raw)
                .map(raw -> new CommandKey(CommandAuthorization.ED25519, CommandKeys.keyId(raw), Base64.getEncoder().encodeToString(raw)));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return key.map(k -> Response.ok(ApiResponse.ok("platform command key", k)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(ApiResponse.fail("no command key is configured (doorlock.commands.signing.public-key-location)", List.of()))
                        .build());
    }
}
