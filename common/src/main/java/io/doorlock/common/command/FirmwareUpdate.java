package io.doorlock.common.command;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * {@code firmware_update}: install {@code version} from {@code url}. Only {@code https} URLs are accepted: a
 * door lock must never fetch its firmware over plain HTTP. {@code sha256} lets the device verify the image.
 */
public record FirmwareUpdate(
        @NotBlank @Size(max = 32) @Pattern(regexp = "^[0-9A-Za-z][0-9A-Za-z.+_-]*$") String version,
        @NotBlank @Size(max = 2048) @Pattern(regexp = "^https://[^\\s/]+(/\\S*)?$", message = "must be an https URL") String url,
        Optional<@Pattern(regexp = "^[0-9a-fA-F]{64}$") String> sha256)
        implements CommandPayload {}
