package dev.handmade.model.kitti;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.schema.Frame;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The importer's drive logs, written to an S3 server and read back as the drive-log source reads them. */
class DriveLogRoundTripITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void framesComeBackFromTheDriveLogsUnchanged() throws IOException {
    KittiDataset dataset = KittiSample.dataset();
    KittiImporter importer = KittiImporter.builder().drive("sample").build();
    ObjectStore store = S3.newStore();

    ImportReport report = importer.importAll(dataset, new DriveLogWriter(store), null);

    assertThat(store.list(DriveLogWriter.PREFIX))
        .containsExactly(
            "drive-logs/kitti-sample-000000.avro",
            "drive-logs/kitti-sample-000001.avro",
            "drive-logs/kitti-sample-000002.avro");
    List<Frame> expected = new ArrayList<>();
    List<Frame> read = new ArrayList<>();
    for (String frame : dataset.frames()) {
      expected.addAll(importer.readFrame(dataset, frame).frames());
      byte[] bytes = store.getBytes("drive-logs/kitti-sample-" + frame + ".avro");
      try (DataFileReader<Frame> reader =
          new DataFileReader<>(
              new SeekableByteArrayInput(bytes), new SpecificDatumReader<>(Frame.class))) {
        assertThat(reader.getSchema()).isEqualTo(Frame.getClassSchema());
        reader.forEach(read::add);
      }
    }
    assertThat(read).hasSize(report.frames()).hasSize(6).containsExactlyElementsOf(expected);

    // importing again replaces the files rather than adding frames twice
    importer.importAll(dataset, new DriveLogWriter(store), null);
    assertThat(store.list(DriveLogWriter.PREFIX)).hasSize(3);
  }
}
