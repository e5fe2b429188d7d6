package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Optional;

/**
 * A memory collection that plans like MongoDB ({@link IndexPlanner}), reports every document it checks against a
 * filter (so that a test sees a scan as a count, without timing anything) and every change it stores.
 */
final class IndexedMemoryCollection extends MemoryCollection {

    private final Runnable examined;
    private final Runnable changed;

    IndexedMemoryCollection(MongoDatabase database, String collectionName, CollectionOptions options, CursorRegistry cursors,
            Runnable examined, Runnable changed) {
        super(database, collectionName, options, cursors);
        this.examined = examined;
        this.changed = changed;
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        Optional<Index<Integer>> index = IndexPlanner.choose(getIndexes(), query);
        if (index.isEmpty()) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        return matchDocuments(query, index.get().getPositions(query), orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * Every document as it is now, copied while this collection is locked (its writers wait only for the copy). A
     * copy of the top level suffices: an update replaces a stored document's values with new ones, it never changes
     * a stored value in place, so the copies can be encoded after the lock is released.
     */
    synchronized List<Document> copies() {
        return streamAllDocumentsWithPosition().map(stored -> new Document(stored.getDocument())).toList();
    }

    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
        examined.run();
        return super.documentMatchesQuery(document, query);
    }

    @Override
    protected Integer addDocumentInternal(Document document) {
        changed.run();
        return super.addDocumentInternal(document);
    }

    @Override
    protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
        changed.run();
        super.handleUpdate(position, oldDocument, newDocument);
    }

    @Override
    protected void removeDocument(Integer position) {
        changed.run();
        super.removeDocument(position);
    }
}
