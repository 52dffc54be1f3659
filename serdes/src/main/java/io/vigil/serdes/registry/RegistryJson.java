package io.vigil.serdes.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

import java.io.IOException;

/**
 * The JSON shapes of the Confluent REST API, shared by the client and the embedded server so both sides agree on
 * field names ({@code schema}, {@code id}, {@code version}, {@code subject}, {@code error_code}, {@code message}).
 */
final class RegistryJson {

    /** The content type Confluent's API speaks and answers with. */
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryJson() {
    }

    static byte[] schemaRequest(Schema schema) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("schema", schema.toString());
        return write(body);
    }

    static ObjectNode registeredSchema(RegisteredSchema registered) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("subject", registered.subject());
        node.put("id", registered.id());
        node.put("version", registered.version());
        node.put("schema", registered.schema().toString());
        return node;
    }

    static ObjectNode error(int errorCode, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error_code", errorCode);
        node.put("message", message);
        return node;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
    }

    /** Parses a body; an empty body reads as an empty object. */
    static JsonNode read(byte[] body) throws IOException {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        return MAPPER.readTree(body);
    }

    /** Reads a registry answer's {@code schema} text into a schema, or fails saying which request returned it. */
    static Schema schemaField(JsonNode node, String source) {
        JsonNode text = node.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(source + " answered without a \"schema\" field: " + node,
                    SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE);
        }
        return parseSchema(text.asText());
    }

    static int intField(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(source + " answered without an integer \"" + field + "\" field: " + node,
                    SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE);
        }
        return value.intValue();
    }

    /**
     * Parses schema text. A fresh parser each time, because a parser remembers the named types it has seen and
     * would reject the same record name the second time.
     *
     * @throws SchemaRegistryException with error code 42201 when the text is not a valid Avro schema
     */
    static Schema parseSchema(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            // Avro reports bad input as SchemaParseException, AvroTypeException and, for an unknown type name in
            // 1.12, NullPointerException: whatever the parser throws, the text is what was wrong.
            throw new SchemaRegistryException("Invalid Avro schema: " + e, 422,
                    SchemaRegistryException.INVALID_SCHEMA);
        }
    }
}
