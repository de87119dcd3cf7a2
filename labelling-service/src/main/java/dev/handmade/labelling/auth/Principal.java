package dev.handmade.labelling.auth;

/** The account behind a request's token. */
public record Principal(long accountId, String labellerId, String name, Role role) {}
