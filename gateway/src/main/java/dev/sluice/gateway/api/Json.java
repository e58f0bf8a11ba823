package dev.sluice.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies strictly (unknown fields, wrong types and malformed JSON are the caller's mistakes, named by
 * field and position) and writes responses without absent keys.
 */
final class Json {

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    Json() {
        // Jackson reads 5 or true into a String field unless told not to; a wrong type is the caller's mistake.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new GatewayException(
                    ErrorCode.INVALID_REQUEST,
                    "The request needs a JSON body.",
                    null,
                    null,
                    "Send a JSON object, e.g. {\"sql\": \"SELECT 1\"}.",
                    null);
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw GatewayException.forField(
                    ErrorCode.UNKNOWN_FIELD,
                    path(e),
                    "Unknown field '" + e.getPropertyName() + "'.",
                    "Known fields: "
                            + e.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .sorted()
                                    .collect(Collectors.joining(", "))
                            + ".");
        } catch (ValueInstantiationException e) {
            // A record's compact constructor rejected a value; its message names the field.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof GatewayException gatewayException) {
                throw gatewayException;
            }
            throw GatewayException.forField(ErrorCode.INVALID_REQUEST, path(e), cause.getMessage(), null);
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field.isEmpty() ? "body" : field,
                    field.isEmpty()
                            ? "The body must be a JSON object."
                            : "Field '" + field + "' has the wrong type; expected " + expectedType(e) + ".",
                    null);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where =
                    location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw GatewayException.forField(
                    ErrorCode.MALFORMED_JSON,
                    "body",
                    "The body is not valid JSON" + where + ": " + e.getOriginalMessage(),
                    null);
        }
        // The body "null" is valid JSON, but no request.
        if (value == null) {
            throw GatewayException.forField(ErrorCode.INVALID_REQUEST, "body", "The body must be a JSON object.", null);
        }
        return value;
    }

    private static String expectedType(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "another type";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == Duration.class) {
            return "an ISO-8601 duration such as \"PT1H\"";
        }
        if (target.isEnum()) {
            return "one of "
                    + Arrays.stream(target.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (Map.class.isAssignableFrom(target) || target.isRecord()) {
            return "an object";
        }
        if (Collection.class.isAssignableFrom(target)) {
            return "an array";
        }
        return target.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference ->
                        reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
