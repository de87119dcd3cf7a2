package dev.handmade.labelling.api;

/** An account without its token. {@code token} is set only in the answer that creates it, the one time it is shown. */
public record AccountView(
    String labellerId, String name, String role, String token, Long idleCutoffMillis) {}
