package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that plans like MongoDB, within what mongo-java-server's indexes can do: of the indexes that can
 * answer a filter, it takes the one with the fewest candidate documents (the stock collection takes the first in
 * creation order, so {@code {deviceId: d, status: "queued"}} would read every command of the device rather than the
 * few queued ones); with none, it scans. It reports every document it checks against a filter, so that tests and the
 * benchmark can see a scan (documents examined per query) without timing anything.
 */
final class IndexedH2Collection extends H2Collection {

    private final Runnable examined;

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options, MVMap<Object, Document> data,
            MVMap<String, Object> meta, CursorRegistry cursors, Runnable examined) {
        super(database, collectionName, options, data, meta, cursors);
        this.examined = examined;
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
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
