// Card readers made from the technician's configuration: raw HID, resident ID card over
// serial, PC/SC. The keyboard wedge and the demo's simulated reader are the classroom's own.
import type { CardReader } from '../../native/readers/card-reader.ts';
import { HidReader, type HidBackend } from '../../native/readers/hid-reader.ts';
import { IdCardReader } from '../../native/readers/id-card-reader.ts';
import { PcscReader, type PcscBackend } from '../../native/readers/pcsc-reader.ts';
import type { DeviceConfig } from '../../preload/contract/channels/devices.ts';

export type ReaderConfig = DeviceConfig['readers'][number];

/** The system edges a test or a machine without the hardware replaces. */
export type ReaderBackends = { hid?: HidBackend; pcsc?: PcscBackend };

export function createReader(config: ReaderConfig, backends: ReaderBackends = {}): CardReader {
  switch (config.kind) {
    case 'hid':
      return new HidReader({
        name: config.name,
        vendorId: config.vendorId,
        productId: config.productId,
        format:
          config.format === 'uid'
            ? { kind: 'uid', offset: config.offset, length: config.uidLength, uidFormat: config.uidFormat }
            : { kind: config.format, offset: config.offset },
        backend: backends.hid,
      });
    case 'id_card':
      return new IdCardReader({ name: config.name, path: config.path, baudRate: config.baudRate });
    case 'pcsc':
      return new PcscReader({
        name: config.name,
        readerName: config.readerName,
        uidFormat: config.uidFormat,
        backend: backends.pcsc,
      });
  }
}
