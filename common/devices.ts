// Device vocabulary shared by the drivers (native/), the contract and the screens. First, what
// can go wrong with a device (projector or card reader): the drivers raise these codes, the
// contract carries them and the screens word them, so a technician reads "投影机密码错误",
// not a socket's errno.
export const DEVICE_ERROR_CODES = [
  'unreachable', // nothing answers: connection refused, no route, the serial port cannot be opened
  'not_found', // the configured device is not plugged in (HID vendor/product, PC/SC reader name)
  'service_unavailable', // the system service the device needs is not running (pcscd)
  'timeout', // no answer, or no complete answer, in time
  'closed', // the device hung up in the middle of an answer
  'auth_required', // the projector asks for a password and none is configured
  'auth_failed', // the projector refused the password (PJLink ERRA)
  'unsupported', // the device does not know this command (PJLink ERR1)
  'bad_parameter', // the device refused the value, e.g. an input it does not have (PJLink ERR2)
  'busy', // the device cannot do it now, e.g. warming up or cooling down (PJLink ERR3)
  'device_failure', // the device reports a failure of its own (PJLink ERR4, a reader's self-check)
  'bad_reply', // garbage, a malformed or truncated frame
  'bad_checksum', // a frame whose checksum does not match
  'card_error', // the card could not be read (a reader's status code says why)
] as const;
export type DeviceErrorCode = (typeof DEVICE_ERROR_CODES)[number];

/** The RS-232 command sets the station speaks (native/projectors/serial-command-sets.ts). */
export const SERIAL_COMMAND_SETS = ['epson-escvp21', 'nec', 'benq'] as const;
export type SerialCommandSetId = (typeof SERIAL_COMMAND_SETS)[number];

/**
 * Projector inputs by kind and number, the same names for every protocol: `hdmi1`,
 * `computer2`, `video1`, `usb1`, `network1`, `internal1`. PJLink's digital inputs are `hdmi`.
 */
export const INPUT_KINDS = ['computer', 'video', 'hdmi', 'usb', 'network', 'internal'] as const;
export const INPUT_PATTERN = /^(computer|video|hdmi|usb|network|internal)([1-9A-Z])$/;

/** How a card UID becomes the number on the roster (native/readers/uid.ts). */
export const UID_FORMATS = ['hex', 'decimal-le', 'decimal-be'] as const;
export type UidFormat = (typeof UID_FORMATS)[number];
