/**
 * Object proposals for lidar sweeps that nobody labelled, found the way a lidar perception stack
 * finds them before it classifies anything: {@link dev.handmade.model.proposals.GroundRemoval}
 * fits the ground plane under the sensor (RANSAC) and
 * {@link dev.handmade.model.proposals.SlopeFollowingGround} follows the ground outward over
 * slopes and kerbs; {@link dev.handmade.model.proposals.ObjectSegmentation} groups what stands on
 * it into objects; {@link dev.handmade.model.proposals.ObjectEnvelopes} drops what is surely no
 * object of the classes; and {@link dev.handmade.model.proposals.ObjectProposer} keeps the
 * segments the camera sees, with a box and the image region of each. Independent of any
 * dataset's layout: the camera comes in as a {@link dev.handmade.model.proposals.CameraProjection}.
 */
package dev.handmade.model.proposals;
