package io.doorlock.testing;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;

/**
 * The wire server's in-memory backend, with one planner rule of real MongoDB: a filter with an equality on
 * {@code _id} is answered through the {@code _id} index, whatever else it asks.
 *
 * <p>mongo-java-server 1.47 uses an index only when a filter's fields are exactly the index's fields, so
 * {@code {_id: x, deviceId: y, status: {$in: [...]}}} (every guarded state change here) scans the whole collection,
 * and a benchmark of thousands of commands measures those scans instead of the services. The backend still checks
 * each document the index finds against the whole filter, so answers are unchanged; only the scan goes.
 */
final class IdLookupMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                if (keys.size() == 1 && "_id".equals(keys.get(0).getKey())) {
                    return new IdIndex(indexName, keys, sparse);
                }
                return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            }
        };
    }

    /** The {@code _id} index, which also takes filters that pin {@code _id} to one plain value among other conditions. */
    static final class IdIndex extends MemoryUniqueIndex {

        IdIndex(String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
        }

        @Override
        public synchronized boolean canHandle(Document query) {
            return super.canHandle(query) || pinnedId(query).isPresent();
        }

        @Override
        public synchronized Iterable<Integer> getPositions(Document query) {
            return super.canHandle(query) ? super.getPositions(query) : super.getPositions(new Document("_id", pinnedId(query).orElseThrow()));
        }

        /** A plain {@code _id} value the filter requires: {@code {_id: x, ...}} or {@code {$and: [{_id: x}, ...]}}. */
        static Optional<Object> pinnedId(Document query) {
            Object id = query.get("_id");
            if (plain(id)) {
                return Optional.of(id);
            }
            if (id == null && query.get("$and") instanceof List<?> terms) {
                for (Object term : terms) {
                    if (term instanceof Document clause && plain(clause.get("_id"))) {
                        return Optional.of(clause.get("_id"));
                    }
                }
            }
            return Optional.empty();
        }

        private static boolean plain(Object id) {
            return id != null && !(id instanceof Document) && !(id instanceof List) && !(id instanceof Pattern)
                    && !(id instanceof BsonRegularExpression);
        }
    }
}
