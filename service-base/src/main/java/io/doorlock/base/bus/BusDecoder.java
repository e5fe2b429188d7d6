package io.doorlock.base.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.doorlock.common.bus.BusAuthority;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.json.JsonCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads bus messages. The bus is not trusted: a message is read only if its producer's signature holds
 * ({@link BusKeyring}) and that producer may send its type ({@link BusAuthority}); anything else, and a message that
 * cannot be read, is logged, counted and skipped, never thrown back into the messaging channel (which would stop it).
 */
@ApplicationScoped
public class BusDecoder {

    private static final Logger LOG = Logger.getLogger(BusDecoder.class);

    private final JsonCodec codec;
    private final BusKeyring keyring;

    public BusDecoder(JsonCodec codec, BusKeyring keyring) {
        this.codec = codec;
        this.keyring = keyring;
    }

    public Optional<BusEnvelope> envelope(byte[] payload) {
        return keyring.verify(payload).flatMap(this::envelope);
    }

    private Optional<BusEnvelope> envelope(BusKeyring.Verified verified) {
        try {
            BusEnvelope envelope = codec.mapper().readValue(verified.json(), BusEnvelope.class);
            if (envelope.id() == null || envelope.type() == null || envelope.data() == null) {
                LOG.warnf("bus message without id, type or data skipped");
                return Optional.empty();
            }
            if (!verified.producer().equals(envelope.producer()) || !BusAuthority.mayPublish(envelope.producer(), envelope.type())) {
                return keyring.rejected("wrong_producer");
            }
            return Optional.of(envelope);
        } catch (IOException e) {
            LOG.warnf("unreadable bus message skipped: %s", e.getMessage());
            return Optional.empty();
        }
    }

    public <T> Optional<T> data(BusEnvelope envelope, Class<T> type) {
        return read(envelope.data(), type, envelope.id());
    }

    /** Reads a nested JSON value, e.g. the device event inside a {@code DeviceEventReceived}. */
    public <T> Optional<T> read(JsonNode node, Class<T> type, String messageId) {
        try {
            return Optional.of(codec.treeToValue(node, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("bus message %s has unreadable %s data: %s", messageId, type.getSimpleName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Envelope and typed data in one step. */
    public <T> Optional<Decoded<T>> decode(byte[] payload, Class<T> type) {
        return envelope(payload).flatMap(e -> data(e, type).map(d -> new Decoded<>(e, d)));
    }

    public record Decoded<T>(BusEnvelope envelope, T data) {}
}
