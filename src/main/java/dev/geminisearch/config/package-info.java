/**
 * Wiring: turns the feature packages' properties into beans, health indicators and the store's
 * gauges. Owns no behaviour of its own; properties records live beside the feature they configure.
 */
package dev.geminisearch.config;
