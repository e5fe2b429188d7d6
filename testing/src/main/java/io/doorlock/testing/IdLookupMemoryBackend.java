package io.doorlock.testing;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import java.util.List;

/**
 * The wire server's in-memory backend, with one planner rule of real MongoDB: a filter with an equality on
 * {@code _id} is answered through the {@code _id} index, whatever else it asks ({@link IdLookupIndex}).
 *
 * <p>mongo-java-server 1.47 uses an index only when a filter's fields are exactly the index's fields, so
 * {@code {_id: x, deviceId: y, status: {$in: [...]}}} (every guarded state change here) scans the whole collection,
 * and a benchmark of thousands of commands measures those scans instead of the services.
 */
final class IdLookupMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                Index<Integer> index = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
                return keys.size() == 1 && "_id".equals(keys.get(0).getKey()) ? new IdLookupIndex<>(index, sparse) : index;
            }
        };
    }
}
