package dev.sluice.gateway.pgwire;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A statement with some of its parts replaced (placeholders by values, PostgreSQL's casts by Flink's), which still
 * knows where each of its characters came from: an error's position in the edited text maps back to the text the
 * client sent, so psql's caret points into what the user wrote.
 */
public final class EditedText {

    /** Characters [start, end) of the original text, to be replaced by {@code replacement}. */
    public record Edit(int start, int end, String replacement) {
        public Edit {
            requireNonNull(replacement, "replacement is null");
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("Not a range: [" + start + ", " + end + ")");
            }
        }
    }

    /** Where a replacement went: [start, end) in the edited text, [originalStart, originalEnd) in the original. */
    private record Segment(int start, int end, int originalStart, int originalEnd) {}

    private final String sql;
    private final List<Segment> segments;

    private EditedText(String sql, List<Segment> segments) {
        this.sql = sql;
        this.segments = List.copyOf(segments);
    }

    /** The text with no edits. */
    public static EditedText unchanged(String sql) {
        return new EditedText(sql, List.of());
    }

    /** Applies edits that do not overlap, in any order. */
    public static EditedText of(String original, List<Edit> edits) {
        List<Edit> ordered = new ArrayList<>(edits);
        ordered.sort(Comparator.comparingInt(Edit::start));
        StringBuilder text = new StringBuilder();
        List<Segment> segments = new ArrayList<>();
        int copied = 0;
        for (Edit edit : ordered) {
            if (edit.start() < copied) {
                throw new IllegalArgumentException("Edits overlap at " + edit.start());
            }
            text.append(original, copied, edit.start());
            segments.add(new Segment(
                    text.length(), text.length() + edit.replacement().length(), edit.start(), edit.end()));
            text.append(edit.replacement());
            copied = edit.end();
        }
        text.append(original, copied, original.length());
        return new EditedText(text.toString(), segments);
    }

    public String sql() {
        return sql;
    }

    /**
     * The 0-based offset in the original text of {@code offset} in this one: inside a replacement, where the part it
     * replaced starts.
     */
    public int originalOffset(int offset) {
        int shift = 0;
        for (Segment segment : segments) {
            if (offset < segment.start()) {
                break;
            }
            if (offset < segment.end()) {
                return segment.originalStart();
            }
            shift = segment.end() - segment.originalEnd();
        }
        return offset - shift;
    }
}
