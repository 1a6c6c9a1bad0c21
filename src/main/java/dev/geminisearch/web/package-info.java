/**
 * HTTP only: controllers that bind, validate shape and call one service; DTO records; problem
 * details; OpenAPI; the API key and body size filters. Must never know the SDK or store internals.
 */
package dev.geminisearch.web;
