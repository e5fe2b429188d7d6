package io.doorlock.testing;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything an {@link IndexedMemoryBackend} holds, in one file of BSON documents (the wire server's own encoding):
 * a header, then per database its index definitions and per collection a section header and its documents, then an
 * end marker. Written to a temporary file beside, forced to disk, and moved over the previous snapshot atomically, so
 * the file is always a whole snapshot, readable by its owner only. Each collection's documents are copied at one moment, while it is locked
 * ({@link IndexedMemoryCollection#copies()}: its writers wait for the copy, not for the encoding and writing), so a
 * collection is consistent in itself, but two collections may be copied a moment apart.
 */
final class SnapshotFile {

    static final String FORMAT = "doorlock-wire-snapshot";
    static final int VERSION = 1;

    private SnapshotFile() {}

    /** Writes the snapshot; returns the number of documents in it. */
    static long write(IndexedMemoryBackend backend, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        long documents = 0;
        try (FileChannel channel = ownerOnly(partial)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            ByteBuf buffer = Unpooled.buffer(1 << 12);
            write(out, buffer, new Document("format", FORMAT).append("version", VERSION));
            for (String name : backend.databaseNames()) {
                MongoDatabase database = backend.resolveDatabase(name);
                write(out, buffer, new Document("database", name).append("indexes", documents(database.resolveCollection("system.indexes", false))));
                for (String collectionName : collectionNames(database)) {
                    MongoCollection<?> collection = database.resolveCollection(collectionName, false);
                    if (collection == null) {
                        continue;
                    }
                    List<Document> all = collection instanceof IndexedMemoryCollection indexed ? indexed.copies() : documents(collection);
                    write(out, buffer, new Document("database", name).append("collection", collectionName).append("count", all.size()));
                    for (Document document : all) {
                        write(out, buffer, document);
                    }
                    documents += all.size();
                }
            }
            write(out, buffer, new Document("end", true).append("documents", documents));
            out.flush();
            channel.force(true);
        }
        Files.move(partial, file, ATOMIC_MOVE, REPLACE_EXISTING);
        return documents;
    }

    /**
     * Loads a snapshot into an empty backend. Throws, naming the file, when it is not a whole snapshot of this format;
     * the file is left as it is.
     */
    static long restore(Path file, IndexedMemoryBackend backend) throws IOException {
        Map<String, List<Document>> indexes = new LinkedHashMap<>();
        long documents = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            Document header = read(in, file);
            if (!FORMAT.equals(header.get("format")) || !Integer.valueOf(VERSION).equals(header.get("version"))) {
                throw new IOException(file + " is not a " + FORMAT + " version " + VERSION + " (its header: " + header + ")");
            }
            while (true) {
                Document section = read(in, file);
                if (Boolean.TRUE.equals(section.get("end"))) {
                    break;
                }
                String name = (String) section.get("database");
                IndexedMemoryBackend.IndexedDatabase database = (IndexedMemoryBackend.IndexedDatabase) backend.resolveDatabase(name);
                if (section.containsKey("indexes")) {
                    indexes.put(name, listOfDocuments(section.get("indexes")));
                    continue;
                }
                String collectionName = (String) section.get("collection");
                MongoCollection<?> collection = database.resolveCollection(collectionName, false);
                if (collection == null) {
                    collection = database.createCollectionOrThrowIfExists(collectionName);
                }
                int count = ((Number) section.get("count")).intValue();
                for (int i = 0; i < count; i++) {
                    collection.addDocument(read(in, file));
                }
                documents += count;
            }
        }
        for (Map.Entry<String, List<Document>> entry : indexes.entrySet()) {
            IndexedMemoryBackend.IndexedDatabase database = (IndexedMemoryBackend.IndexedDatabase) backend.resolveDatabase(entry.getKey());
            entry.getValue().forEach(database::restoreIndex);
        }
        return documents;
    }

    /** A new file only its owner may read (it holds every user's password hash), where the file system has owners. */
    private static FileChannel ownerOnly(Path file) throws IOException {
        Set<OpenOption> options = Set.of(CREATE_NEW, WRITE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(file, options);
    }

    /** The database's own collections (not its {@code system.*} ones). */
    static List<String> collectionNames(MongoDatabase database) {
        List<String> names = new ArrayList<>();
        String prefix = database.getDatabaseName() + ".";
        for (Document namespace : documents(database.resolveCollection("system.namespaces", false))) {
            String full = (String) namespace.get("name");
            if (full != null && full.startsWith(prefix)) {
                names.add(full.substring(prefix.length()));
            }
        }
        return names;
    }

    static List<Document> documents(MongoCollection<?> collection) {
        List<Document> all = new ArrayList<>();
        if (collection != null) {
            collection.queryAll().forEach(all::add);
        }
        return all;
    }

    private static List<Document> listOfDocuments(Object value) {
        List<Document> list = new ArrayList<>();
        for (Object item : (List<?>) value) {
            list.add((Document) item);
        }
        return list;
    }

    private static void write(OutputStream out, ByteBuf buffer, Document document) throws IOException {
        buffer.clear();
        BsonEncoder.encodeDocument(document, buffer);
        buffer.readBytes(out, buffer.readableBytes());
    }

    /** The next BSON document; an {@link EOFException} when the stream ends before it is whole. */
    static Document read(DataInputStream in, Path file) throws IOException {
        byte[] length = new byte[4];
        try {
            in.readFully(length);
        } catch (EOFException e) {
            throw new EOFException(file + " ends before its end marker: it is not a whole snapshot");
        }
        int size = (length[0] & 0xff) | (length[1] & 0xff) << 8 | (length[2] & 0xff) << 16 | (length[3] & 0xff) << 24;
        if (size == 0) {
            // zeros where a crash left space allocated but never written: the end of what was written whole
            throw new EOFException(file + " ends in zeros: it is not a whole snapshot");
        }
        if (size < 5) {
            throw new IOException(file + " holds a document of " + size + " bytes: it is not a whole snapshot");
        }
        byte[] bytes = new byte[size];
        System.arraycopy(length, 0, bytes, 0, 4);
        try {
            in.readFully(bytes, 4, size - 4);
        } catch (EOFException e) {
            throw new EOFException(file + " ends inside a document: it is not a whole snapshot");
        }
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
    }
}
