package dev.handmade.labelling.api;

/** A labeller as admins and auditors see them: gold accuracy and whether their labels are set aside. */
public record LabellerView(
    String labellerId,
    String name,
    long answers,
    long goldAnswers,
    long goldCorrect,
    Double goldAccuracy,
    boolean setAside) {}
