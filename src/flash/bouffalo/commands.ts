/** Command ids of the Bouffalo boot ROM and of the eflash_loader (one numbering, spec section 4.5/4.6). */
export const Command = {
  getBootInfo: 0x10,
  loadBootHeader: 0x11,
  loadPublicKey: 0x12,
  loadPublicKey2: 0x13,
  loadSignature: 0x14,
  loadSignature2: 0x15,
  loadAesIv: 0x16,
  loadSegmentHeader: 0x17,
  loadSegmentData: 0x18,
  checkImage: 0x19,
  runImage: 0x1a,
  changeRate: 0x20,
  reset: 0x21,
  clockSet: 0x22,
  optFinish: 0x23,
  flashErase: 0x30,
  flashWrite: 0x31,
  flashRead: 0x32,
  flashBoot: 0x33,
  flashReadJedecId: 0x36,
  flashWriteCheck: 0x3a,
  flashSetParameters: 0x3b,
  flashChipErase: 0x3c,
  flashReadSha256: 0x3d,
  efuseRead: 0x41,
  efuseReadMac: 0x42,
  memoryWrite: 0x50,
} as const;

export type CommandId = (typeof Command)[keyof typeof Command];

const NAMES = new Map<number, string>(Object.entries(Command).map(([name, id]) => [id, name]));

export function commandName(id: number): string {
  return NAMES.get(id) ?? `command 0x${id.toString(16).padStart(2, '0')}`;
}

/** Commands whose successful reply carries "OK" + u16 length + data. */
export const DATA_REPLY_COMMANDS: ReadonlySet<number> = new Set([
  Command.getBootInfo,
  Command.loadSegmentHeader,
  Command.flashRead,
  Command.flashReadJedecId,
  Command.flashReadSha256,
  Command.efuseRead,
  Command.efuseReadMac,
]);

/** BL702 starts a RAM image through these ROM memory writes instead of run_image (spec 4.7). */
export const BL702_RUN_WRITES: ReadonlyArray<readonly [address: number, value: number]> = [
  [0x4000f100, 0x4e424845],
  [0x4000f104, 0x22010000],
  [0x40000018, 0x00000000],
  [0x40000018, 0x00000002],
];
