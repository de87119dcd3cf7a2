package dev.handmade.labelling.api;

public record NewAccountRequest(String name, String role) {}
