package io.doorlock.dashboardgateway.api;

import io.doorlock.gatewaybase.limit.SlidingWindowLimit;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.doorlock.base.bus.BusUnavailableException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import java.util.Comparator;

/** Every error answers with the REST envelope: validation 400, auth 401/403, conflicts 409, limits 429. */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(ApiResponse.fail(e.getMessage(), e.errors()));
        e.retryAfter().ifPresent(d -> response.header("Retry-After", SlidingWindowLimit.retryAfterSeconds(d)));
        return response.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<ApiResponse.ApiError> errors = e.getConstraintViolations().stream()
                .map(v -> new ApiResponse.ApiError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(ApiResponse.ApiError::field))
                .toList();
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(ApiResponse.fail("validation failed", errors)).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 401 -> "authentication required";
            case 403 -> "not allowed";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 415 -> "unsupported media type";
            default -> status == 400 ? "malformed request" : "request failed";
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ApiResponse.fail(message, List.of())).build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.status(401).type(MediaType.APPLICATION_JSON).entity(ApiResponse.fail("authentication required", List.of())).build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(RuntimeException e) {
        return Response.status(403).type(MediaType.APPLICATION_JSON).entity(ApiResponse.fail("not allowed", List.of())).build();
    }

    /** The database is away (server selection timed out, connection refused or reset): nothing was written; try again. */
    @ServerExceptionMapper({MongoTimeoutException.class, MongoSocketException.class,
            MongoNotPrimaryException.class, MongoNodeIsRecoveringException.class})
    public Response databaseUnavailable(RuntimeException e) {
        LOG.warnf("database unavailable: %s", e.getMessage());
        return Response.status(503).header("Retry-After", "5").type(MediaType.APPLICATION_JSON)
                .entity(ApiResponse.fail("the database is not available now; nothing was changed, try again", List.of())).build();
    }

    /** The broker is away: the request was not handed on; try again. */
    @ServerExceptionMapper(BusUnavailableException.class)
    public Response busUnavailable(RuntimeException e) {
        LOG.warnf("bus unavailable: %s", e.getMessage());
        return Response.status(503).header("Retry-After", "5").type(MediaType.APPLICATION_JSON)
                .entity(ApiResponse.fail("the platform cannot take this request now; try again", List.of())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return Response.status(500).type(MediaType.APPLICATION_JSON).entity(ApiResponse.fail("internal error; nothing was changed", List.of())).build();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
