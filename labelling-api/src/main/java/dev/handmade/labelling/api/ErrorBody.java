package dev.handmade.labelling.api;

/** Every error answer: what was wrong, and the field it was wrong in (null when no single field). */
public record ErrorBody(String error, String field) {}
