/**
 * Wiring: turns the feature packages' properties into beans and health indicators. Owns no
 * behaviour of its own; properties records live beside the feature they configure.
 */
package dev.geminisearch.config;
