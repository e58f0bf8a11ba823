package dev.sluice.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON text for the maps and lists that are stored in one column. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private static final TypeReference<List<FunctionResource>> RESOURCES = new TypeReference<>() {};

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private Json() {}

    /** Sorted keys, so that the same map is always the same text. */
    static String write(Map<String, String> map) {
        return write((Object) new TreeMap<>(map));
    }

    static String write(List<FunctionResource> resources) {
        return write((Object) resources);
    }

    static Map<String, String> readMap(String json) {
        try {
            return Map.copyOf(MAPPER.readValue(json, STRING_MAP));
        } catch (JsonProcessingException e) {
            throw corrupt(e);
        }
    }

    static List<FunctionResource> readResources(String json) {
        try {
            return List.copyOf(MAPPER.readValue(json, RESOURCES));
        } catch (JsonProcessingException e) {
            throw corrupt(e);
        }
    }

    static String writeStrings(List<String> values) {
        return write((Object) values);
    }

    static List<String> readStrings(String json) {
        try {
            return List.copyOf(MAPPER.readValue(json, STRING_LIST));
        } catch (JsonProcessingException e) {
            throw corrupt(e);
        }
    }

    /** A value record (e.g. {@link Resources}) as JSON text. */
    static String writeRecord(Record value) {
        return write((Object) value);
    }

    static <T extends Record> T readRecord(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw corrupt(e);
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException(StoreException.Reason.FAILURE, "Cannot write JSON", e);
        }
    }

    private static StoreException corrupt(JsonProcessingException e) {
        return new StoreException(
                StoreException.Reason.FAILURE, "Stored JSON is corrupt: " + e.getOriginalMessage(), e);
    }
}
