package io.vigil.config;

/**
 * How a rule is named in error messages: by id when it has one, else by its position in the
 * file. Keeps the wording of every rule problem in one place.
 */
record RuleRef(String label, String keyPrefix) {

    static RuleRef of(String id) {
        return new RuleRef("Rule '" + id + "'", "rules." + id);
    }

    static RuleRef at(int position) {
        return new RuleRef("Rule #" + position, "rules.#" + position);
    }

    ConfigProblem field(String field, String value, String verdict, String allowed) {
        return new ConfigProblem(keyPrefix + "." + field, value, allowed,
                label + ": field '" + field + "' = '" + value + "' " + verdict + ": " + allowed);
    }

    ConfigProblem missingField(String field, String allowed) {
        return new ConfigProblem(keyPrefix + "." + field, "", allowed,
                label + ": field '" + field + "' is missing: " + allowed);
    }

    ConfigProblem parameter(String name, String value, String verdict, String allowed) {
        return new ConfigProblem(keyPrefix + ".parameters." + name, value, allowed,
                label + ": parameter '" + name + "' = '" + value + "' " + verdict + ": " + allowed);
    }

    ConfigProblem missingParameter(String name, String allowed) {
        return new ConfigProblem(keyPrefix + ".parameters." + name, "", allowed,
                label + ": parameter '" + name + "' is missing: " + allowed);
    }

    ConfigProblem whole(String value, String allowed) {
        return new ConfigProblem(keyPrefix, value, allowed, label + ": " + allowed);
    }
}
