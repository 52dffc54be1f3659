/**
 * Vigil's typed configuration: settings and detection rules, loaded once at start and
 * validated so that a bad value stops the program with the key, the value and what is allowed.
 *
 * <p>Entry points: {@link io.vigil.config.ConfigLoader} for settings (classpath defaults, a
 * properties file, the environment and explicit overrides, in rising precedence) and
 * {@link io.vigil.config.RuleSet} for detection rules. Everything handed out is an immutable
 * record, so the rest of Vigil can share configuration between threads without copying it.
 */
package io.vigil.config;
