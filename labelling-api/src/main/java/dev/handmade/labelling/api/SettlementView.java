package dev.handmade.labelling.api;

import java.util.List;

/**
 * What settling one day did: the labeller-days it looked at, the top-ups it added now (none when
 * the day was settled before), and labellers it left alone because they were paid in another
 * currency than the floor's.
 */
public record SettlementView(
    String day,
    long minimumHourlyCents,
    String currency,
    int labellerDays,
    int topUpsAdded,
    long topUpCentsAdded,
    List<String> skippedLabellerIds) {}
