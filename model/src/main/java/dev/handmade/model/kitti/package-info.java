/**
 * The KITTI 3D object importer: {@link dev.handmade.model.kitti.KittiImporter} turns each
 * labelled object of a KITTI split into a {@link dev.handmade.schema.Frame} (camera crop, the
 * lidar points inside its 3D box in the object's frame, the mapped class as ground truth), makes
 * object proposals for frames without labels, and writes drive logs through
 * {@link dev.handmade.model.kitti.DriveLogWriter}. Bad input is reported in the
 * {@link dev.handmade.model.kitti.ImportReport} and skipped.
 *
 * <p>KITTI is licensed CC BY-NC-SA 3.0: frames imported from it carry that licence.
 */
package dev.handmade.model.kitti;
