package dev.handmade.model.experiment;

/**
 * One strategy's model after one round, for one seed, measured on the held-out frames.
 *
 * @param round 0 for the model trained on the seed set alone
 * @param humanLabels labels people gave so far: the seed set and every round's picks
 * @param accuracy on the held-out frames
 * @param temperature fitted on the held-out frames, as the loop fits it on its evidence
 * @param threshold the loop's threshold ({@code ConfidenceThreshold}) for the machine's target
 *     accuracy; above 1 when none is certified
 * @param machineShare the share of all frames the machine would decide at that threshold, as
 *     {@code ConfidenceThreshold} estimates it; 0 when none is certified
 * @param machineAccuracy the accuracy of the held-out frames at or above the threshold; NaN when
 *     none is. Measured on the frames the threshold was chosen on, so it leans optimistic.
 * @param picks what the frames the strategy picked after this measurement were like; {@link
 *     PickProfile#NONE} in the last round
 */
public record RoundResult(
    String strategy,
    long seed,
    int round,
    int humanLabels,
    double accuracy,
    double temperature,
    double threshold,
    double machineShare,
    double machineAccuracy,
    PickProfile picks) {}
