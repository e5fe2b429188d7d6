package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies the data of an earlier local run, kept by the stock H2 backend in {@code mongo.mv}, into an empty
 * {@link IndexedMemoryBackend}: every database, collection, document and index definition. Used once, when the
 * local run finds that file and no snapshot yet.
 */
final class LegacyH2Import {

    private LegacyH2Import() {}

    /** Returns the number of documents copied. */
    static long copy(Path h2File, IndexedMemoryBackend target) {
        H2Data source = new H2Data(h2File);
        long documents = 0;
        try {
            for (String name : source.databaseNames()) {
                MongoDatabase from = source.resolveDatabase(name);
                IndexedMemoryBackend.IndexedDatabase to = (IndexedMemoryBackend.IndexedDatabase) target.resolveDatabase(name);
                for (String collectionName : SnapshotFile.collectionNames(from)) {
                    MongoCollection<?> collection = to.resolveCollection(collectionName, false);
                    if (collection == null) {
                        collection = to.createCollectionOrThrowIfExists(collectionName);
                    }
                    for (Document document : SnapshotFile.documents(from.resolveCollection(collectionName, false))) {
                        collection.addDocument(document.cloneDeeply());
                        documents++;
                    }
                }
                SnapshotFile.documents(from.resolveCollection("system.indexes", false)).forEach(to::restoreIndex);
            }
        } finally {
            source.close();
        }
        return documents;
    }

    /** The stock H2 backend, opened on the file, naming its databases. */
    private static final class H2Data extends H2Backend {

        H2Data(Path file) {
            super(file.toString());
        }

        Set<String> databaseNames() {
            return new TreeSet<>(listDatabaseNames());
        }
    }
}
