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
 * filter (so that a test sees a scan as a count, without timing anything) and every change it stores
 * ({@link ChangeLog}: what the local run's journal writes).
 */
final class IndexedMemoryCollection extends MemoryCollection {

    private final Runnable examined;
    private final ChangeLog changes;

    IndexedMemoryCollection(MongoDatabase database, String collectionName, CollectionOptions options, CursorRegistry cursors,
            Runnable examined, ChangeLog changes) {
        super(database, collectionName, options, cursors);
        this.examined = examined;
        this.changes = changes;
    }

    /** Where a collection reports each change it stores, while it holds its lock. */
    interface ChangeLog {

        /** {@code document} is stored as it is now (inserted or updated). */
        void put(String database, String collection, Document document);

        /** The document with this {@code _id} (null in collections without one) was deleted. */
        void delete(String database, String collection, Object id);
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
        Integer position = super.addDocumentInternal(document);
        changes.put(getDatabase().getDatabaseName(), getCollectionName(), document);
        return position;
    }

    @Override
    protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
        super.handleUpdate(position, oldDocument, newDocument);
        changes.put(getDatabase().getDatabaseName(), getCollectionName(), newDocument);
    }

    @Override
    protected void removeDocument(Integer position) {
        Object id = getDocument(position).get("_id");
        super.removeDocument(position);
        changes.delete(getDatabase().getDatabaseName(), getCollectionName(), id);
    }
}
