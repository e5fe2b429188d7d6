package io.doorlock.dashboardgateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.base.internal.InternalApiConfig;
import io.doorlock.base.internal.InternalCaller;
import io.doorlock.common.json.JsonCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import io.doorlock.dashboardgateway.UpstreamsConfig;

/**
 * Reads another service's data through its {@code /internal} routes (each service owns its database; nobody reads
 * another's). A service that does not answer, or answers an error, is an {@link Unavailable}: the caller decides
 * whether that is a 503 or a degraded health report.
 */
@ApplicationScoped
public class InternalQueries {

    private static final Logger LOG = Logger.getLogger(InternalQueries.class);

    /** The other service did not answer usefully. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    private final UpstreamsConfig upstreams;
    private final InternalApiConfig config;
    private final JsonCodec codec;
    private final HttpClient http;

    public InternalQueries(UpstreamsConfig upstreams, InternalApiConfig config, JsonCodec codec) {
        this.upstreams = upstreams;
        this.config = config;
        this.codec = codec;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    /** {@code GET} on audit-service. */
    public JsonNode audit(String path, Map<String, ?> query) {
        return get("audit-service", upstreams.auditServiceUrl(), path, query);
    }

    /** {@code GET} on device-gateway. */
    public JsonNode deviceGateway(String path, Map<String, ?> query) {
        return get("device-gateway", upstreams.deviceGatewayUrl(), path, query);
    }

    /** {@code POST} of a JSON body on audit-service (queries too large for a query string). */
    public JsonNode auditPost(String path, Object body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstreams.auditServiceUrl() + path)).timeout(config.timeout())
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .header(InternalCaller.HEADER, config.token().orElse(""))
                .POST(HttpRequest.BodyPublishers.ofString(codec.encode(body))).build();
        return send("audit-service", upstreams.auditServiceUrl(), path, request);
    }

    private JsonNode get(String service, String base, String path, Map<String, ?> query) {
        String qs = query.entrySet().stream().filter(e -> e.getValue() != null)
                .flatMap(e -> (e.getValue() instanceof Iterable<?> values ? stream(values) : Stream.of(e.getValue()))
                        .map(v -> enc(e.getKey()) + "=" + enc(String.valueOf(v))))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(base + path + (qs.isEmpty() ? "" : "?" + qs));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout()).header("Accept", "application/json")
                .header(InternalCaller.HEADER, config.token().orElse("")).GET().build();
        return send(service, base, path, request);
    }

    private JsonNode send(String service, String base, String path, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 403) {
                LOG.errorf("%s refused the internal token: set doorlock.internal-api.token to the same Secret in both services", service);
                throw new Unavailable(service + " refused the internal token");
            }
            if (response.statusCode() != 200) {
                LOG.warnf("%s answered %d to %s", service, response.statusCode(), path);
                throw new Unavailable(service + " answered " + response.statusCode());
            }
            return codec.mapper().readTree(response.body());
        } catch (IOException e) {
            LOG.warnf("%s not reachable at %s: %s", service, base, e.getMessage());
            throw new Unavailable(service + " is not reachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private static Stream<Object> stream(Iterable<?> values) {
        return StreamSupport.stream(values.spliterator(), false).map(Object.class::cast);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
