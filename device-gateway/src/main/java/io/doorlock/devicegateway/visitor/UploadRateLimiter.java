package io.doorlock.devicegateway.visitor;

import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.gatewaybase.limit.SlidingWindowLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sliding-window limit on visitor photo uploads per device ({@code doorlock.device-gateway.visitors.upload-limits.*}).
 * Only authenticated uploads are counted, so nobody but the device can use up its uploads. Per replica.
 */
@ApplicationScoped
public class UploadRateLimiter {

    private final SlidingWindowLimit uploads;
    private final int perDevice;

    @Inject
    public UploadRateLimiter(DeviceGatewayConfig config) {
        this(config.visitors().uploadLimits(), Clock.systemUTC());
    }

    UploadRateLimiter(DeviceGatewayConfig.UploadLimits limits, Clock clock) {
        this.uploads = new SlidingWindowLimit(limits.window(), clock);
        this.perDevice = limits.perDevice();
    }

    /** Counts an upload of {@code deviceId} if it is under the limit; otherwise how long to wait (nothing counted). */
    public Optional<Duration> admit(String deviceId) {
        return uploads.tryAcquire(deviceId, perDevice);
    }
}
