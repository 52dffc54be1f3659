package io.vigil.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a rules file into a {@link RuleSet}, going through the YAML tree by hand rather than
 * binding it to classes, so that every problem in every rule is collected instead of stopping
 * at the first one Jackson meets.
 */
final class RuleFileParser {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String FILE_ALLOWED = "expected a YAML mapping with a 'rules' list";

    private final String source;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private RuleFileParser(String source) {
        this.source = source;
    }

    static RuleSet parse(Reader reader, String source) throws IOException {
        return new RuleFileParser(source).read(reader);
    }

    static ConfigProblem fileProblem(String source, String what) {
        return new ConfigProblem("rules file", source, FILE_ALLOWED,
                "Rules file '" + source + "' " + what);
    }

    private RuleSet read(Reader reader) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(reader);
        } catch (JsonProcessingException e) {
            throw new ConfigException(fileProblem(source, "is not valid YAML" + where(e.getLocation())
                    + ": " + e.getOriginalMessage()), e);
        }
        JsonNode rules = rulesList(root);
        List<RuleSpec> specs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleReader rule = new RuleReader(rules.get(i), i + 1);
            rule.read();
            problems.addAll(rule.problems());
            rule.id().ifPresent(ids::add);
            rule.spec().ifPresent(specs::add);
        }
        problems.addAll(RuleChecker.duplicates(ids));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new RuleSet(specs);
    }

    private JsonNode rulesList(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(fileProblem(source, "is empty: " + FILE_ALLOWED));
        }
        if (!root.isObject()) {
            throw new ConfigException(fileProblem(source, "is not a mapping: " + FILE_ALLOWED));
        }
        Set<String> unknown = new TreeSet<>();
        root.fieldNames().forEachRemaining(unknown::add);
        unknown.remove("rules");
        if (!unknown.isEmpty()) {
            throw new ConfigException(fileProblem(source,
                    "has unknown top-level keys " + unknown + ": " + FILE_ALLOWED));
        }
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new ConfigException(fileProblem(source,
                    "has no 'rules' list: " + FILE_ALLOWED));
        }
        return rules;
    }

    private static String where(JsonLocation location) {
        return Objects.isNull(location) || location.getLineNr() < 1
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
