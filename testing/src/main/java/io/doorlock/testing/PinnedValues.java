package io.doorlock.testing;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The plain values a filter requires one field to equal, as a query planner reads them: {@code {f: x}},
 * {@code {f: {$eq: x}}} or {@code {f: {$in: [x, y]}}}, at the top level or in a term of {@code $and}. Any document the
 * filter matches has {@code f} equal to (or, for an array, containing) one of them, so an index on {@code f} that
 * returns the documents with those values misses none. Empty when the filter does not pin the field that way: then
 * only a scan answers it.
 */
final class PinnedValues {

    private PinnedValues() {}

    static Optional<List<Object>> of(Document filter, String field) {
        Optional<List<Object>> here = values(filter.get(field));
        if (here.isPresent() || !(filter.get("$and") instanceof List<?> terms)) {
            return here;
        }
        for (Object term : terms) {
            if (term instanceof Document clause) {
                Optional<List<Object>> found = of(clause, field);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<List<Object>> values(Object condition) {
        if (plain(condition)) {
            return Optional.of(List.of(condition));
        }
        if (condition instanceof Document operators && operators.size() == 1) {
            Object eq = operators.get("$eq");
            if (plain(eq)) {
                return Optional.of(List.of(eq));
            }
            if (operators.get("$in") instanceof List<?> in && !in.isEmpty() && in.stream().allMatch(PinnedValues::plain)) {
                return Optional.of(List.copyOf(in));
            }
        }
        return Optional.empty();
    }

    /** A value equality can look up: not null (which also matches a missing field), no array, sub-document or pattern. */
    static boolean plain(Object value) {
        return value != null && !(value instanceof Document) && !(value instanceof Collection) && !(value instanceof Pattern)
                && !(value instanceof BsonRegularExpression) && !(value instanceof byte[]);
    }
}
