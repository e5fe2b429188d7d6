package io.doorlock.bench.compare;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A JSON call to a target's REST API, for registration before a run (never during one).
 *
 * @param status the HTTP status (0 when no answer came)
 * @param body the answer's JSON object (empty when it was not one)
 */
record RestCall(int status, JsonObject body) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code POST url} with {@code body}, and {@code Authorization: Bearer token} when a token is given. */
    static RestCall post(String url, Optional<String> token, JsonObject body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new RestCall(answer.statusCode(), parse(answer.body()));
        } catch (IOException e) {
            return new RestCall(0, new JsonObject().put("message", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RestCall(0, new JsonObject().put("message", "interrupted"));
        }
    }

    private static JsonObject parse(String text) {
        try {
            return new JsonObject(text);
        } catch (RuntimeException e) {
            return new JsonObject().put("message", text.length() > 200 ? text.substring(0, 200) : text);
        }
    }

    /** {@code body.data}, or an empty object. */
    JsonObject data() {
        JsonObject data = body.getJsonObject("data");
        return data == null ? new JsonObject() : data;
    }

    /** Status and body, for an error message. */
    String describe() {
        return status + " " + body.encode();
    }
}
