/**
 * The nuScenes importer: {@link dev.handmade.model.nuscenes.NuScenesImporter} reads a release's
 * JSON tables, LIDAR_TOP keyframe sweeps and six camera images, and turns each annotated object of
 * each sample into a {@link dev.handmade.schema.Frame} as the KITTI importer does (camera crop and
 * whole image, the lidar points inside its box in the object's frame, the mapped class as ground
 * truth), written as drive logs through {@link dev.handmade.model.kitti.DriveLogWriter}.
 *
 * <p>nuScenes is licensed CC BY-NC-SA 4.0: frames imported from it carry that licence.
 */
package dev.handmade.model.nuscenes;
