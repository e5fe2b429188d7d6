package io.doorlock.common.command;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code firmware_update}: install {@code version} from {@code url}. Only {@code https} URLs are accepted: a
 * door lock must never fetch its firmware over plain HTTP. {@code sha256} (required) is the SHA-256 of the image; the
 * device refuses an image that does not match it.
 */
public record FirmwareUpdate(
        @NotBlank @Size(max = 32) @Pattern(regexp = "^[0-9A-Za-z][0-9A-Za-z.+_-]*$") String version,
        @NotBlank @Size(max = 2048) @Pattern(regexp = "^https://[^\\s/]+(/\\S*)?$", message = "must be an https URL") String url,
        @NotBlank @Pattern(regexp = "^[0-9a-fA-F]{64}$", message = "must be the image's SHA-256, 64 hex digits") String sha256)
        implements CommandPayload {}
