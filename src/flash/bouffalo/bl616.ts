/**
 * The BL616/BL618 boot ROM serves the flash commands itself (erase 0x30, write 0x31, read 0x32, JEDEC id 0x36,
 * write check 0x3A, flash_set_para 0x3B, chip erase 0x3C, SHA-256 0x3D), so no eflash_loader is uploaded.
 * Bouffalo's tool calls this "load_function 2": after get_boot_info it lengthens the ROM's UART timeout,
 * moves the UART to the transfer rate with clk_set (0x22, no new handshake), sets the flash parameters (0x3B)
 * and reads the JEDEC id. Facts from bflb-mcu-tool's successors (bflb_eflash_loader.py `run_step2`/`run_step4`,
 * `set_clock_pll`, `get_flash_pin_from_bootinfo`; bflb_img_loader.py `img_get_bootinfo`) and
 * openshwprojects/BK7231GUIFlashTool BK7231Flasher/Flashers/BL616Flasher.cs [R]; see bouffalo.md §4.9.
 */
import { words } from './frame.js';

/** How long the ROM waits for the next byte before it drops back to the handshake (the tools ask for 10 s). */
export const BL616_UART_TIMEOUT_MS = 10_000;

/** A0 silicon has no set-timeout command: its ROM keeps the timeout in this word (ms << 16 | 0x1200). */
export const BL616_A0_TIMEOUT_REGISTER = 0x6102df04;

export function a0TimeoutWord(ms: number): number {
  return ((ms << 16) | 0x1200) >>> 0;
}

/** The A0 timeout word back to milliseconds; null when `word` is not one (the emulator reads it). */
export function a0TimeoutMs(word: number): number | null {
  return (word & 0xffff) === 0x1200 ? word >>> 16 : null;
}

/** flash_set_para's clock and IO settings in Bouffalo's BL616 config: clock 0x41, IO mode 1, no delay. */
const FLASH_CLOCK_CFG = 0x41;
const FLASH_IO_MODE = 0x01;
const FLASH_CLOCK_DELAY = 0x00;

/** The u32 flash_set_para takes: pin | clock << 8 | io mode << 16 | delay << 24. */
export function flashSetWord(flashPin: number): number {
  return (flashPin | (FLASH_CLOCK_CFG << 8) | (FLASH_IO_MODE << 16) | (FLASH_CLOCK_DELAY << 24)) >>> 0;
}

/** Used when the boot info is too short to name the pin: the value Bouffalo's config ships ("take it from eFuse"). */
export const DEFAULT_FLASH_PIN = 0x80;

/** clk_set payload: irq enable (1), then the new UART rate. */
export function clockSetPayload(baud: number): Uint8Array {
  return words(1, baud);
}

/** Data bytes per flash read/write frame: Bouffalo's tx_size 2056 minus the 8-byte argument (the ROM takes frames of at most 4096). */
export const BL616_TRANSFER_CHUNK = 2048;
