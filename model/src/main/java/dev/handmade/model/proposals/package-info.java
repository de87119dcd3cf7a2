/**
 * Object proposals for lidar sweeps that nobody labelled, found the way a lidar perception stack
 * finds them before it classifies anything: {@link dev.handmade.model.proposals.GroundRemoval}
 * fits the ground plane (RANSAC), {@link dev.handmade.model.proposals.EuclideanClustering} groups
 * what stands on it, and {@link dev.handmade.model.proposals.ObjectProposer} keeps the clusters the
 * camera sees, with a box and the image region of each. Independent of any dataset's layout: the
 * camera comes in as a {@link dev.handmade.model.proposals.CameraProjection}.
 */
package dev.handmade.model.proposals;
