/** The bl_iot_sdk 2 MiB layout of the corpus SDK build (bouffalo.md §1.1), as DevCube's TOML. */
export const sdkTableToml = `
[pt_table]
address0 = 0xE000
address1 = 0xF000

[[pt_entry]]
type = 0
name = "FW"
device = 0
address0 = 0x10000
size0 = 0xC8000
address1 = 0xD8000
size1 = 0x88000
len = 0
header = 1
security = 0
${[
  ['2', 'mfg', '0x160000', '0x32000'],
  ['3', 'media', '0x192000', '0x57000'],
  ['4', 'PSM', '0x1E9000', '0x8000'],
  ['5', 'KEY', '0x1F1000', '0x2000'],
  ['6', 'DATA', '0x1F3000', '0x5000'],
  ['7', 'factory', '0x1F8000', '0x7000'],
]
  .map(([type, name, address, size]) => `\n[[pt_entry]]\ntype = ${type}\nname = "${name}"\ndevice = 0\naddress0 = ${address}\nsize0 = ${size}\naddress1 = 0\nsize1 = 0\nlen = 0\n`)
  .join('')}`;
