package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An H2 collection that plans like MongoDB, within what mongo-java-server's indexes can do: of the indexes that can
 * answer a filter, it takes the one with the fewest candidate documents (the stock collection takes the first in
 * creation order, so {@code {deviceId: d, status: "queued"}} would read every command of the device rather than the
 * few queued ones); with none, it scans. It reports every document it checks against a filter, so that tests and the
 * benchmark can see a scan (documents examined per query) without timing anything.
 *
 * <p>Every read holds the MVStore version it reads ({@code registerVersionUsage}): without that, H2 2.4's background
 * commit may free the file chunks of a version that a long read (a scan of a large collection) is still walking, and
 * the read fails with "Chunk N not found" (h2database issues 4218, 4383). The stock H2 backend fails so in the
 * store benchmark with 100,000 commands.
 */
final class IndexedH2Collection extends H2Collection {

    private final MVStore store;
    private final Runnable examined;

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options, MVStore store,
            MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursors, Runnable examined) {
        super(database, collectionName, options, data, meta, cursors);
        this.store = store;
        this.examined = examined;
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        MVStore.TxCounter reading = store.registerVersionUsage();
        try {
            return plannedQuery(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        } finally {
            store.deregisterVersionUsage(reading);
        }
    }

    /** The whole collection, read while its version is held (index builds; the stock stream is lazy). */
    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        MVStore.TxCounter reading = store.registerVersionUsage();
        try {
            List<DocumentWithPosition<Object>> all = super.streamAllDocumentsWithPosition().toList();
            return all.stream();
        } finally {
            store.deregisterVersionUsage(reading);
        }
    }

    private QueryResult plannedQuery(Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        Index<Object> best = null;
        long fewest = Long.MAX_VALUE;
        for (Index<Object> index : getIndexes()) {
            if (index.canHandle(query)) {
                long candidates = candidates(index, query);
                if (candidates < fewest) {
                    best = index;
                    fewest = candidates;
                }
            }
        }
        if (best == null) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        return matchDocuments(query, best.getPositions(query), orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /** An upper bound of what the index returns; a stock unique index answers an exact key, so at most a few. */
    private static long candidates(Index<Object> index, Document query) {
        if (index instanceof IdLookupIndex<Object> id) {
            return id.candidates(query);
        }
        if (index instanceof EqualityIndex<Object> equality) {
            return equality.candidates(query);
        }
        return 1;
    }

    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
        examined.run();
        return super.documentMatchesQuery(document, query);
    }
}
