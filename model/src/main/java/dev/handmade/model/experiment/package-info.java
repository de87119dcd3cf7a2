/**
 * The active-learning experiment: how many human labels the loop's routing saves against
 * labelling at random. From a small seed set it runs the loop's own parts in rounds (a
 * selection strategy picks the frames people label, {@link dev.handmade.model.classifier.Trainer}
 * fine-tunes with replay, temperature scaling and {@link
 * dev.handmade.model.classifier.ConfidenceThreshold} calibrate and set the threshold) for each
 * strategy over several seeds, and summarises accuracy against human labels.
 */
package dev.handmade.model.experiment;
